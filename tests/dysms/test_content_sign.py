"""The sign of a send, from its content: QuerySendDetails has no SignName."""

from __future__ import annotations

import pytest

from dysms.signs import content_sign


@pytest.mark.parametrize(
    ("content", "sign"),
    [
        ("【云雀科技】验证码482913，5分钟内有效。", "云雀科技"),
        ("您的订单已发货【橙子优选】", ""),  # a sign at the end is not the service's prefix
        ("验证码482913", ""),
        ("", ""),
        ("【】空签名", ""),
    ],
)
def test_the_sign_is_the_prefix_in_brackets(content, sign):
    assert content_sign(content) == sign
