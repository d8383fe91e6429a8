from .codes import document_code_normalize
from .models import GeneratedDocument


def generated_document_get_by_code(*, code: str) -> GeneratedDocument | None:
    """Find a document by a code as a person typed it; None when there is none."""
    normalized = document_code_normalize(code)
    if normalized is None:
        return None
    return GeneratedDocument.objects.defer("content").filter(code=normalized).first()
