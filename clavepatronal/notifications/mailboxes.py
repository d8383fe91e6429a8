"""The mailbox an address reaches, for counting: `Ana.Perez+x@Gmail.com` and
`anaperez@gmail.com` are one mailbox, so a program with a hundred spellings of one
address gets one allowance of codes, not a hundred.

Every provider is taken to deliver `local+tag@domain` to `local@domain` (the common
sub-addressing of Gmail, Outlook, iCloud, Yahoo's own `-` aside, Fastmail, Proton and
most servers); only the providers in DOT_BLIND_DOMAINS are taken to ignore dots in
the local part. Counting a few distinct mailboxes as one errs on the side of the
limit; the address itself is never rewritten — mail goes where the person typed.
"""

# Providers that deliver `a.b.c@` to `abc@` (Google documents it for Gmail).
DOT_BLIND_DOMAINS = frozenset({"gmail.com", "googlemail.com"})
# Addresses at these domains are one mailbox under either name.
DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}


def mailbox_key(email: str) -> str:
    """The canonical spelling of the mailbox `email` reaches (lowercase)."""
    local, at, domain = email.strip().lower().rpartition("@")
    if not at:
        return email.strip().lower()
    local = local.split("+", 1)[0] or local
    if domain in DOT_BLIND_DOMAINS:
        local = local.replace(".", "")
    return f"{local}@{DOMAIN_ALIASES.get(domain, domain)}"
