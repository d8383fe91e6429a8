from .agencies import Agency, AgencyClosure, Slot
from .draws import Draw, TurnApplication
from .turns import Turn

__all__ = ["Agency", "AgencyClosure", "Draw", "Slot", "Turn", "TurnApplication"]
