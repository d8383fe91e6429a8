from django.urls import path  # noqa: F401

from . import notice_views, rights_views

app_name = "privacy"

urlpatterns: list = []
# «Ejercer mis derechos» (LOPDP Arts. 13-17, 19)
urlpatterns += [
    path("derechos/", rights_views.rights, name="rights"),
    path("derechos/verificar/", rights_views.rights_verify, name="rights_verify"),
    path("derechos/reenviar/", rights_views.rights_resend, name="rights_resend"),
    path("derechos/recibida/", rights_views.rights_done, name="rights_done"),
]
# «Aviso de privacidad» (LOPDP Art. 12)
urlpatterns += [
    path("", notice_views.notice, name="notice"),
]
