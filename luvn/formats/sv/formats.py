# Finland Swedish follows the Finnish conventions for dates and numbers.
from luvn.formats.fi.formats import *  # noqa: F403
