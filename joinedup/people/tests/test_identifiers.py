import pytest

from joinedup.people.identifiers import (
    address_key,
    name_phonetic,
    nhs_number_valid,
    nhs_number_with_check,
    upn_check_letter,
    upn_valid,
)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("9434765919", True),
        ("943 476 5919", True),
        ("9434765918", False),  # wrong check digit
        ("943476591", False),  # too short
        ("94347659190", False),  # too long
        ("943476591X", False),
        ("1000000010", False),  # check would be 10: never valid
    ],
)
def test_it_checks_nhs_numbers_with_modulus_11(value, valid):
    assert nhs_number_valid(value) is valid


def test_it_completes_nine_digits_into_a_valid_nhs_number():
    assert nhs_number_with_check("943476591") == "9434765919"
    assert nhs_number_with_check("100000001") is None  # check digit would be 10


def test_it_checks_the_upn_check_letter():
    body = "801222123456"
    upn = upn_check_letter(body) + body
    assert upn_valid(upn)
    assert upn_valid(upn.lower())
    wrong = ("A" if upn[0] != "A" else "B") + body
    assert not upn_valid(wrong)
    assert not upn_valid("I" + body)  # I, O and S are never check letters


def test_it_accepts_a_temporary_upn_ending_in_a_letter():
    body = "80122212345A"
    assert upn_valid(upn_check_letter(body) + body)


@pytest.mark.parametrize(("a", "b"), [("Lawson", "Lauson"), ("Connelly", "Conelly")])
def test_it_gives_spelling_variants_one_phonetic_key(a, b):
    assert name_phonetic(a) == name_phonetic(b)


def test_it_keys_a_dwelling_by_postcode_and_first_line():
    assert address_key("27 Kiln Street", "rv2 4ks") == address_key("27, Kiln St reet", "RV24KS")
    assert address_key("27 Kiln Street", "") == ""


def test_it_keeps_house_and_flat_numbers_apart():
    assert address_key("27 Kiln Street", "RV2 4KS") != address_key("29 Kiln Street", "RV2 4KS")
    assert address_key("Flat 12, Beacon House", "RV6 6BH") != address_key(
        "Flat 17, Beacon House", "RV6 6BH"
    )


@pytest.mark.parametrize("serial", ["801222123456", "801222123457", "801222123458", "999100000001"])
def test_it_accepts_every_check_letter_the_algorithm_can_give(serial):
    upn = upn_check_letter(serial) + serial
    assert upn_valid(upn), upn


def test_it_accepts_q_and_refuses_s_as_a_check_letter():
    letters = {upn_check_letter(f"80122212{n:04d}") for n in range(200)}
    assert "Q" in letters and "S" not in letters
    serial = next(
        f"80122212{n:04d}" for n in range(200) if upn_check_letter(f"80122212{n:04d}") == "Q"
    )
    assert upn_valid("Q" + serial)
    assert not upn_valid("S" + serial)
