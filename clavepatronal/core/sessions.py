"""Short lists a browser's session remembers: what it may open again (registrations,
trámites) and the forms it was given."""


def session_list_add(session, key: str, value: str, *, keep: int | None = None) -> None:
    """Add `value` once to the list under `key`; with `keep`, only the newest stay."""
    values = session.get(key, [])
    if value in values:
        return
    values = [*values, value]
    session[key] = values[-keep:] if keep else values


def session_list_remove(session, key: str, value: str) -> None:
    session[key] = [item for item in session.get(key, []) if item != value]
