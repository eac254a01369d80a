"""Key precedence and masking: typed > secrets > environment, and only the last 4 shown."""

from core.providers.client import ConnectionSettings, effective_base_url, make_client
from core.providers.credentials import (
    SOURCE_ENVIRONMENT,
    SOURCE_NONE,
    SOURCE_SECRETS,
    SOURCE_SESSION,
    mask_key,
    resolve_api_key,
)

TYPED, SECRET, ENV = "sk-typed-1111", "sk-secret-2222", "sk-env-3333"


def test_typed_key_wins_over_secrets_and_environment():
    key = resolve_api_key(TYPED, {"OPENAI_API_KEY": SECRET}, {"OPENAI_API_KEY": ENV})
    assert (key.key, key.source) == (TYPED, SOURCE_SESSION)
    assert not key.is_owner_key


def test_secrets_win_over_environment():
    key = resolve_api_key(None, {"OPENAI_API_KEY": SECRET}, {"OPENAI_API_KEY": ENV})
    assert (key.key, key.source) == (SECRET, SOURCE_SECRETS)
    assert key.is_owner_key


def test_environment_is_the_last_resort_and_blank_values_are_ignored():
    key = resolve_api_key("   ", {"OPENAI_API_KEY": ""}, {"OPENAI_API_KEY": ENV})
    assert (key.key, key.source) == (ENV, SOURCE_ENVIRONMENT)
    assert resolve_api_key(None, None, {}).source == SOURCE_NONE


def test_masking_and_repr_never_show_the_whole_key():
    key = resolve_api_key(TYPED, None, {})
    assert mask_key(TYPED) == "…1111"
    assert TYPED not in repr(key) and TYPED not in str(key)
    assert TYPED not in repr(ConnectionSettings(api_key=TYPED))


def test_base_url_from_settings_then_environment():
    assert effective_base_url(ConnectionSettings(), {"OPENAI_BASE_URL": "http://x/v1"}) == "http://x/v1"
    assert (
        effective_base_url(ConnectionSettings(base_url="http://y/v1"), {"OPENAI_BASE_URL": "http://x/v1"})
        == "http://y/v1"
    )
    assert effective_base_url(ConnectionSettings(), {}) is None


def test_client_factory_builds_fresh_clients_with_the_given_settings():
    settings = ConnectionSettings(api_key=TYPED, base_url="http://127.0.0.1:9/v1")
    first, second = make_client(settings), make_client(settings)
    assert first is not second
    assert str(first.base_url).startswith("http://127.0.0.1:9/v1")
    azure = make_client(ConnectionSettings(provider="azure", api_key=TYPED, azure_endpoint="http://127.0.0.1:9"))
    assert "/openai" in str(azure.base_url)


def test_owner_key_is_bound_to_the_owner_endpoint_and_a_typed_key_is_free():
    from core.providers.credentials import ResolvedKey, bind_key

    owner = ResolvedKey("sk-owner-1234", "environment")
    home, elsewhere = "openai:https://api.openai.com/v1", "openai:http://visitor.example/v1"
    assert bind_key(owner.key, owner, home, home).key == "sk-owner-1234"
    assert bind_key(owner.key, owner, home, home).bound_to == home
    withheld = bind_key(owner.key, owner, home, elsewhere)
    assert withheld.key is None and withheld.withheld_elsewhere
    assert "sk-owner" not in repr(bind_key(owner.key, owner, home, home))
    typed = ResolvedKey("sk-typed-5678", "session")
    assert bind_key(typed.key, typed, home, elsewhere) == bind_key(typed.key, typed, home, elsewhere)
    assert bind_key(typed.key, typed, home, elsewhere).key == "sk-typed-5678"
    assert bind_key(typed.key, typed, home, elsewhere).bound_to is None
    # While the owner's key is locked behind the password there is nothing to bind or withhold.
    assert not bind_key(None, owner, home, elsewhere).withheld_elsewhere
