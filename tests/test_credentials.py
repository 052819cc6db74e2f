"""Credentials come from the standard Alibaba Cloud environment variables."""

from __future__ import annotations

import pytest

from dysms import from_environment
from dysms.values import Credentials


def test_reads_key_pair_and_token():
    environ = {
        "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIexample",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "shh",
        "ALIBABA_CLOUD_SECURITY_TOKEN": "sts-token",
    }
    assert from_environment(environ) == Credentials("LTAIexample", "shh", "sts-token")


def test_token_is_optional_and_blank_means_absent():
    environ = {
        "ALIBABA_CLOUD_ACCESS_KEY_ID": " LTAIexample ",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "shh",
        "ALIBABA_CLOUD_SECURITY_TOKEN": "  ",
    }
    assert from_environment(environ) == Credentials("LTAIexample", "shh", None)


@pytest.mark.parametrize(
    "environ",
    [{}, {"ALIBABA_CLOUD_ACCESS_KEY_ID": "", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ""}],
)
def test_nothing_set_means_no_credentials(environ):
    assert from_environment(environ) is None


def test_old_sdk_variable_names_are_not_read():
    environ = {"ALIYUN_ACCESS_KEY_ID": "id", "ALIYUN_ACCESS_KEY_SECRET": "shh"}
    assert from_environment(environ) is None


@pytest.mark.parametrize(
    ("environ", "missing"),
    [
        ({"ALIBABA_CLOUD_ACCESS_KEY_ID": "id"}, "ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
        ({"ALIBABA_CLOUD_ACCESS_KEY_SECRET": "topsecret"}, "ALIBABA_CLOUD_ACCESS_KEY_ID"),
    ],
)
def test_half_a_key_pair_is_an_error_naming_the_missing_variable(environ, missing):
    with pytest.raises(ValueError) as caught:
        from_environment(environ)
    assert f"but {missing} is not" in str(caught.value)
    assert "topsecret" not in str(caught.value)
