import pytest

from pusterom.env import (
    ConfigError,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    load_dotenv,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("YES", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("", False),
    ],
)
def test_it_reads_booleans(raw, expected):
    assert env_bool("DEBUG", environ={"DEBUG": raw}) is expected


def test_it_uses_the_default_when_a_boolean_is_unset():
    assert env_bool("DEBUG", True, environ={}) is True


def test_an_empty_boolean_keeps_a_safe_default_on():
    # ``EMAIL_USE_TLS=`` left blank in .env, or ``${SECURE_SSL_REDIRECT}`` passed through by
    # compose while unset, must not switch TLS off: empty means unset, as for the other types.
    environ = {"SECURE_SSL_REDIRECT": "", "EMAIL_USE_TLS": "  "}
    assert env_bool("SECURE_SSL_REDIRECT", True, environ=environ) is True
    assert env_bool("EMAIL_USE_TLS", True, environ=environ) is True


@pytest.mark.parametrize("raw", ["maybe", "2", "yes please"])
def test_it_refuses_an_unknown_boolean_and_names_the_variable(raw):
    with pytest.raises(ConfigError, match="^DEBUG must be one of"):
        env_bool("DEBUG", environ={"DEBUG": raw})


def test_it_requires_a_value_when_asked():
    with pytest.raises(ConfigError, match="SECRET_KEY is required"):
        env_str("SECRET_KEY", required=True, environ={})


def test_it_reads_a_secret_from_a_file(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n")
    assert env_str("SECRET_KEY", environ={"SECRET_KEY_FILE": str(secret)}) == "from-a-file"


def test_it_refuses_a_secret_given_twice(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY and SECRET_KEY_FILE are both set"):
        env_str("SECRET_KEY", environ={"SECRET_KEY": "a", "SECRET_KEY_FILE": str(tmp_path / "x")})


def test_it_names_an_unreadable_secret_file(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY_FILE cannot be read"):
        env_str("SECRET_KEY", environ={"SECRET_KEY_FILE": str(tmp_path / "missing")})


def test_it_reads_whole_numbers_and_refuses_others():
    assert env_int("EMAIL_PORT", 25, environ={"EMAIL_PORT": "587"}) == 587
    assert env_int("EMAIL_PORT", 25, environ={}) == 25
    with pytest.raises(ConfigError, match="EMAIL_PORT must be a whole number"):
        env_int("EMAIL_PORT", 25, environ={"EMAIL_PORT": "five"})
    with pytest.raises(ConfigError, match="EMAIL_PORT must be at least 1"):
        env_int("EMAIL_PORT", 25, environ={"EMAIL_PORT": "0"}, minimum=1)


def test_it_splits_lists():
    assert env_list("ALLOWED_HOSTS", environ={"ALLOWED_HOSTS": "a.no, b.no,,"}) == ["a.no", "b.no"]
    assert env_list("ALLOWED_HOSTS", ["x"], environ={}) == ["x"]


def test_it_parses_a_postgres_url():
    db = database_from_url("postgres://user:p%40ss@db.example:5433/pusterom?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "pusterom",
        "user",
        "p@ss",
        "db.example",
        "5433",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_it_parses_sqlite_urls(tmp_path):
    assert database_from_url("sqlite:///db.sqlite3", base_dir=tmp_path)["NAME"] == str(
        tmp_path / "db.sqlite3"
    )
    assert database_from_url("sqlite:////var/lib/x.sqlite3")["NAME"] == "/var/lib/x.sqlite3"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/x", "must start with postgres:// or sqlite:///"),
        ("postgres://user@host:5432/", "names no database"),
        ("postgres://user@host:port/x", "not a valid URL"),
        ("sqlite://", "names no SQLite file"),
    ],
)
def test_it_refuses_a_bad_database_url(url, message):
    with pytest.raises(ConfigError, match=message):
        database_from_url(url)


def test_it_reads_a_dotenv_file_without_overriding_the_environment(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("# comment\nDEBUG=1\nSECRET_KEY='from file'\n\nALLOWED_HOSTS=a.no\n")
    environ = {"ALLOWED_HOSTS": "from-environment.no"}
    load_dotenv(dotenv, environ)
    assert environ == {
        "DEBUG": "1",
        "SECRET_KEY": "from file",
        "ALLOWED_HOSTS": "from-environment.no",
    }


def test_it_ignores_a_missing_dotenv_file_and_names_a_bad_line(tmp_path):
    load_dotenv(tmp_path / "missing", {})
    bad = tmp_path / ".env"
    bad.write_text("DEBUG\n")
    with pytest.raises(ConfigError, match=r"\.env line 1 is not KEY=VALUE"):
        load_dotenv(bad, {})
