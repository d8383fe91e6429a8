"""Codes people read and type: random, uniform over Crockford's base32."""

import secrets
from collections import Counter

from clavepatronal.documents.codes import code_normalize, random_code
from clavepatronal.documents.constants import CODE_ALPHABET


def test_a_code_has_its_length_and_only_the_alphabets_characters():
    for length in (1, 8, 10, 16):
        code = random_code(length)
        assert len(code) == length
        assert set(code) <= set(CODE_ALPHABET)
        assert code_normalize(code, length=length) == code


def test_every_character_stands_for_as_many_random_bytes(monkeypatch):
    monkeypatch.setattr(secrets, "token_bytes", lambda length: bytes(range(length)))
    counts = Counter(random_code(256))
    assert set(counts) == set(CODE_ALPHABET)
    assert set(counts.values()) == {256 // len(CODE_ALPHABET)}


def test_codes_are_spread_over_the_whole_alphabet():
    counts = Counter("".join(random_code(16) for _ in range(2000)))
    expected = 2000 * 16 / len(CODE_ALPHABET)  # 1,000 each
    # Chi-square with 31 degrees of freedom: above 80 in about 3 runs of a million.
    chi_square = sum((counts[ch] - expected) ** 2 / expected for ch in CODE_ALPHABET)
    assert chi_square < 80
