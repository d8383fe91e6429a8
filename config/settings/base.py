"""Settings shared by every environment, one module per topic.

Every value that differs between deployments comes from the environment;
`.env.example` documents each variable. The embedded default (SQLite, files on disk,
mail to files) needs no configuration at all.
"""

from .environment import *  # noqa: F403
from .errorreports import *  # noqa: F403
from .framework import *  # noqa: F403
from .metrics import *  # noqa: F403
from .portal import *  # noqa: F403
from .privacy import *  # noqa: F403
from .security import *  # noqa: F403
from .sri import *  # noqa: F403
from .turnos import *  # noqa: F403
from .uploads import *  # noqa: F403
