import pytest
from django.core.exceptions import ImproperlyConfigured

from intro_program import env

SETTINGS = ("FLAG", "COUNT", "HOSTS", "NAME", "SECRET_KEY", "CELERY_BROKER_URL", "REDIS_URL")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_text_falls_back_to_its_default(clean_environment):
    assert env.env_str("NAME") is None and env.env_str("NAME", "standard") == "standard"
    clean_environment.setenv("NAME", "satt")
    assert env.env_str("NAME", "standard") == "satt"


@pytest.mark.parametrize("value", ["1", "true", "TRUE", " yes ", "on"])
def test_a_flag_is_on_for_the_usual_words(clean_environment, value):
    clean_environment.setenv("FLAG", value)
    assert env.env_bool("FLAG") is True


@pytest.mark.parametrize("value", ["0", "false", "no", "off", "", "ja"])
def test_a_flag_is_off_for_anything_else_and_unset_takes_the_default(clean_environment, value):
    clean_environment.setenv("FLAG", value)
    assert env.env_bool("FLAG", default=True) is False
    clean_environment.delenv("FLAG")
    assert env.env_bool("FLAG", default=True) is True and env.env_bool("FLAG") is False


def test_a_number_uses_its_default_when_unset_or_empty_and_refuses_garbage(clean_environment):
    assert env.env_int("COUNT", 24) == 24
    clean_environment.setenv("COUNT", "")
    assert env.env_int("COUNT", 24) == 24
    clean_environment.setenv("COUNT", "48")
    assert env.env_int("COUNT", 24) == 48
    clean_environment.setenv("COUNT", "many")
    with pytest.raises(ValueError):
        env.env_int("COUNT", 24)


def test_a_list_is_comma_separated_without_blanks(clean_environment):
    assert env.env_list("HOSTS", ["localhost"]) == ["localhost"]
    clean_environment.setenv("HOSTS", " intro.example.se, ,www.intro.example.se,")
    assert env.env_list("HOSTS", []) == ["intro.example.se", "www.intro.example.se"]


def test_production_refuses_to_start_without_a_secret_key(clean_environment):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        env.secret_key(debug=False)
    assert env.secret_key(debug=True).startswith("development-only")
    clean_environment.setenv("SECRET_KEY", "s3cret")
    assert env.secret_key(debug=False) == env.secret_key(debug=True) == "s3cret"


def test_the_broker_is_celerys_own_setting_then_redis_then_the_filesystem(clean_environment):
    assert env.broker_url() == "filesystem://localhost//"  # the hostname keeps kombu from warning
    clean_environment.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert env.broker_url() == "redis://127.0.0.1:6379/0"
    clean_environment.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:6379/3")
    assert env.broker_url() == "redis://127.0.0.1:6379/3"


def test_the_filesystem_broker_folder_is_made_where_asked(clean_environment, tmp_path):
    folder = tmp_path / "broker" / "queue"
    clean_environment.setenv("CELERY_FILESYSTEM_BROKER_DIR", str(folder))
    assert env.filesystem_broker_folder() == folder and folder.is_dir()
