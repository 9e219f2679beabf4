import pytest

from tests.public.items import public_items


@pytest.fixture
def items(cast):
    return public_items(cast)
