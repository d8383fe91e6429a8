from .acta import acta_pdf
from .registration import acuerdo_pdf, solicitud_pdf

__all__ = ["acta_pdf", "acuerdo_pdf", "solicitud_pdf"]
