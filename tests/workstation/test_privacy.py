from workstation.privacy import mask_document_number, mask_name


def test_names_keep_only_the_surname_character() -> None:
    assert mask_name("林晓静") == "林**"
    assert mask_name("王五") == "王*"
    assert mask_name(" 阿依古丽·买买提 ") == "阿" + "*" * 7
    assert mask_name("") == ""


def test_document_numbers_keep_region_and_last_four() -> None:
    assert mask_document_number("110101199003078523") == "110101********8523"
    assert mask_document_number("EJ1234567") == "EJ****567"
    assert mask_document_number("1234") == "****"
    assert "19900307" not in mask_document_number("110101199003078523")
