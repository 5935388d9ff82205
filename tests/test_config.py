"""The config file: defaults, the written default file, and clear errors."""

import tomllib

import pytest

from playbook.config import Config, ConfigError, load_config, write_default_config


def test_no_config_file_means_defaults(tmp_path):
    config = load_config(tmp_path / "missing.toml")
    assert config == Config()
    assert config.timezone == "Europe/London"
    assert config.chasers.email_after_hours == 4
    assert config.max_attachment_mb == 200


def test_default_file_holds_every_key_and_reads_back(tmp_path):
    path = tmp_path / "nested" / "config.toml"
    write_default_config(path)
    written = tomllib.loads(path.read_text())
    assert {
        "organisation",
        "timezone",
        "internal_domains",
        "dpo",
        "drafts",
        "chasers",
        "smtp",
        "keymap",
    } <= set(written)
    assert load_config(path) == Config()


def test_values_are_read_into_the_dataclass(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'organisation = "Wrexham Council"\ninternal_domains = ["wrexham.gov.uk"]\n'
        '[dpo]\nemail = "dpo@wrexham.gov.uk"\n[chasers]\nemail_after_hours = 2\n'
        '[keymap]\n"step.contain" = "1"\n'
    )
    config = load_config(path)
    assert config.organisation == "Wrexham Council"
    assert config.internal_domains == ["wrexham.gov.uk"]
    assert config.dpo.email == "dpo@wrexham.gov.uk"
    assert config.chasers.email_after_hours == 2
    assert config.chasers.phone_after_hours == 24
    assert config.keymap == {"step.contain": "1"}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('organization = "typo"\n', "'organization'"),
        ('[dpo]\nmobile = "1"\n', "'dpo.mobile'"),
        ('retention_days = "six years"\n', "'retention_days' must be a whole number"),
        ('internal_domains = "a.org"\n', "'internal_domains' must be a list of strings"),
        ("dpo = 3\n", "'dpo' must be a table"),
        (
            "[chasers]\nemail_after_hours = true\n",
            "'chasers.email_after_hours' must be a whole number",
        ),
    ],
)
def test_unknown_keys_and_wrong_types_name_the_key_and_file(tmp_path, text, named):
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert named in str(error.value)
    assert str(path) in str(error.value)


def test_invalid_toml_is_a_clear_error(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("organisation = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)
