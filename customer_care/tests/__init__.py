from . import test_birthday
