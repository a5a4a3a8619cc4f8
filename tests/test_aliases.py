"""The user's alias file: read, validated, applied over the automatic merge."""
import pytest

from analysis.aliases import AliasFileError, apply_aliases, read_alias_file


def test_alias_file_is_read(tmp_path):
    path = tmp_path / "aliases.toml"
    path.write_text('[aliases]\n"The Donald" = "Donald Trump"\n"Poutine" = " Vladimir Poutine "\n',
                    encoding="utf-8")
    assert read_alias_file(path) == {"The Donald": "Donald Trump", "Poutine": "Vladimir Poutine"}
    assert read_alias_file(None) == {}


@pytest.mark.parametrize("content, message", [
    ("[aliases\n", "not valid TOML"),
    ('[aliases]\n"Trump" = 3\n', "must map names to names"),
])
def test_bad_alias_file_says_why(tmp_path, content, message):
    path = tmp_path / "aliases.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AliasFileError, match=message):
        read_alias_file(path)


def test_missing_alias_file_is_an_error(tmp_path):
    with pytest.raises(AliasFileError, match="not found"):
        read_alias_file(tmp_path / "nope.toml")


def test_user_aliases_win_and_apply_to_automatic_canonical_names():
    automatic = {"Trump": "Donald Trump", "Donald Trump": "Donald Trump", "Musk": "Musk"}
    user = {"Donald Trump": "Donald J. Trump", "Musk": "Elon Musk", "Elong Musk": "Elon Musk"}
    final = apply_aliases(automatic, user)
    assert final["Trump"] == "Donald J. Trump"
    assert final["Donald Trump"] == "Donald J. Trump"
    assert final["Musk"] == "Elon Musk"
    assert final["Elong Musk"] == "Elon Musk"
