import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from forms.validators import build_uscc, normalize_uscc, org_code_check_ok, uscc_check_char

# Real codes published by their holders, and the worked example of GB 32100-2015.
REAL_CODES = ["914403001922038216", "91330100799655058B", "91350100M000100Y43"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid_and_pass_the_inner_organisation_code_check(code):
    assert normalize_uscc(code) == code
    assert org_code_check_ok(code)


def test_check_character_of_the_standard_worked_example_is_3():
    assert uscc_check_char("91350100M000100Y4") == "3"


def test_lower_case_blanks_and_full_width_input_are_normalised():
    assert normalize_uscc(" 91330100799655058b ") == "91330100799655058B"
    assert normalize_uscc("９１３３０１００７９９６５５０５８Ｂ") == "91330100799655058B"
    assert normalize_uscc("9133 0100 7996 5505 8B") == "91330100799655058B"


@pytest.mark.parametrize(
    ("value", "code", "fragment"),
    [
        ("", "required", "required"),
        ("91330100799655058", "uscc_length", "17"),
        ("9133010079965505800", "uscc_length", "19"),
        ("91330100799655O58B", "uscc_charset", "position 15"),
        ("91330100I99655058B", "uscc_charset", "“I”"),
        ("9133010079965505-B", "uscc_charset", "position 17"),
        ("913A0100799655058B", "uscc_region", "3A0100"),
        ("91330100799655058C", "uscc_check", "should be “B”"),
    ],
)
def test_bad_codes_are_rejected_naming_the_rule_that_failed(value, code, fragment):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        normalize_uscc(value)
    error = excinfo.value
    assert error.code == code
    with translation.override("en"):
        assert fragment in error.messages[0]


def test_messages_are_chinese_by_default():
    with pytest.raises(ValidationError) as excinfo:
        normalize_uscc("91330100799655058C")
    assert excinfo.value.messages == ["校验码（第18位）为“C”，应为“B”。"]


def test_build_uscc_produces_codes_that_validate():
    code = build_uscc("91", "650102", "MA7XK3Q1")
    assert normalize_uscc(code) == code
    assert org_code_check_ok(code)
