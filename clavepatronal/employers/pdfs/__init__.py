from .acta import acta_pdf
from .registration import acuerdo_pdf, solicitud_pdf
from .reset import reset_request_pdf

__all__ = ["acta_pdf", "acuerdo_pdf", "reset_request_pdf", "solicitud_pdf"]
