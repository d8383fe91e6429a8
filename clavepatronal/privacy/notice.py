"""The «Aviso de privacidad» (LOPDP Art. 12): what each purpose of the service does
with personal data, in plain words. The page (/privacidad/) prints one section per
item of Art. 12 and, inside it, one entry per purpose; the retention of each kind
of data comes from the retention table (privacy.retention), never retyped here.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .retention import RetentionRule, retention_rules


@dataclass(frozen=True)
class Purpose:
    key: str
    title: str
    what_for: str
    data: str
    basis: str
    processing: str
    source: str
    transfers: str
    if_not_given: str

    @property
    def retention(self) -> list[RetentionRule]:
        return retention_rules(purpose=self.key)


PURPOSES: tuple[Purpose, ...] = (
    Purpose(
        key="registro",
        title=_("Registro nuevo empleador"),
        what_for=_(
            "Identificar al empleador y a su representante legal, generar la "
            "Solicitud de entrega de clave patronal y el Acuerdo de Responsabilidad "
            "y Uso de la Información, y saber a quién entregar la clave."
        ),
        data=_(
            "RUC o cédula del empleador, razón social o nombres, actividad, "
            "dirección, teléfono y correo; nombres, identificación, nacionalidad, "
            "correo y celular del representante legal y de la persona que usted "
            "autorice a retirar la clave."
        ),
        basis=_(
            "Obligación legal del empleador de registrarse en el IESS (Ley de "
            "Seguridad Social) y misión pública del IESS (LOPDP Art. 7). No le "
            "pedimos consentimiento porque el registro es obligatorio."
        ),
        processing=_(
            "Recogida, verificación del correo con un código, consulta al SRI, "
            "generación de los PDF con su código y su huella SHA-256, conservación "
            "y consulta por los servidores que atienden su trámite."
        ),
        source=_(
            "La razón social, el estado del RUC y la actividad provienen del "
            "Servicio de Rentas Internas (SRI)."
        ),
        transfers=_(
            "No se entregan a terceros. Los servidores del IESS los ven solo para "
            "atender su trámite, y cada consulta queda registrada."
        ),
        if_not_given=_(
            "Sin estos datos no podemos registrar al empleador ni emitir la clave "
            "patronal."
        ),
    ),
    Purpose(
        key="ventanilla",
        title=_("Ventanilla virtual (Recepción de trámites)"),
        what_for=_(
            "Recibir, revisar y responder su trámite en línea, y avisarle por "
            "correo de cada cambio de estado."
        ),
        data=_(
            "Nombres, identificación, correo y celular de quien presenta el "
            "trámite, el mensaje y los documentos escaneados o firmados que adjunta "
            "(cédula, RUC, poderes, formularios firmados)."
        ),
        basis=_(
            "Misión pública del IESS y obligación legal de atender el trámite "
            "(LOPDP Art. 7)."
        ),
        processing=_(
            "Recogida, verificación automática de formato, tamaño y firma "
            "electrónica (si un archivo se rechaza, se le explica el motivo), "
            "revisión por un servidor, archivo y eliminación al vencer el plazo."
        ),
        source=_(
            "Todo lo entrega usted; la firma se comprueba con la entidad que la emitió."
        ),
        transfers=_("No se entregan a terceros."),
        if_not_given=_(
            "Sin los datos y los requisitos no podemos recibir ni resolver el trámite."
        ),
    ),
    Purpose(
        key="turnos",
        title=_("Turnos en línea y sorteos"),
        what_for=_(
            "Reservar o sortear un turno de atención presencial, confirmarlo por "
            "correo, atenderle en la agencia y evitar que alguien reserve a nombre "
            "de un empleador sin su permiso."
        ),
        data=_(
            "Identificación, nombres, correo y celular de quien reserva; el "
            "empleador por el que reserva; la agencia, el día y la hora."
        ),
        basis=_("Misión de interés público del IESS (LOPDP Art. 7)."),
        processing=_(
            "Recogida, verificación del correo con un código, asignación del turno "
            "o del sorteo (publicado y verificable, con identificaciones "
            "seudonimizadas), recordatorio por correo y anonimización al vencer el "
            "plazo."
        ),
        source=_("Si reserva por un empleador, comprobamos que su registro le nombra."),
        transfers=_("No se entregan a terceros."),
        if_not_given=_(
            "Sin un correo verificado y su identificación no podemos darle un turno."
        ),
    ),
    Purpose(
        key="portal",
        title=_("Portal del empleador y recuperación de la clave"),
        what_for=_(
            "Dar acceso seguro al empleador, mostrarle sus trámites y turnos, y "
            "recuperar o cambiar la clave y el correo de contacto."
        ),
        data=_(
            "RUC o cédula, correo, celular, la clave (guardada solo como resumen "
            "irreversible), la Solicitud de restablecimiento firmada y los poderes "
            "notariales registrados."
        ),
        basis=_("Obligación legal y misión pública del IESS (LOPDP Art. 7)."),
        processing=_(
            "Autenticación, bloqueo temporal ante intentos repetidos, verificación "
            "de la firma electrónica y aviso al correo registrado de cada acción "
            "hecha en nombre del empleador."
        ),
        source=_("Los datos vienen de su registro como empleador."),
        transfers=_("No se entregan a terceros."),
        if_not_given=_("Sin ellos no podemos darle acceso al portal."),
    ),
    Purpose(
        key="sri",
        title=_("Consulta al SRI"),
        what_for=_(
            "Comprobar que el RUC existe y está activo y tomar la razón social tal "
            "como el SRI la tiene, para que no tenga que escribirla."
        ),
        data=_("RUC, razón social, estado y actividad económica del contribuyente."),
        basis=_(
            "Misión pública del IESS y datos de acceso público del catastro del SRI "
            "(LOPDP Art. 7)."
        ),
        processing=_(
            "Consulta automática al servicio público del SRI y conservación de su "
            "respuesta junto al registro."
        ),
        source=_(
            "Servicio de Rentas Internas (SRI), catastro público de contribuyentes."
        ),
        transfers=_("Enviamos al SRI solo el número de RUC que se consulta; nada más."),
        if_not_given=_(
            "Si el SRI no responde, el registro continúa y se vuelve a consultar "
            "más tarde."
        ),
    ),
    Purpose(
        key="derechos",
        title=_("Solicitudes de derechos (acceso, rectificación, eliminación y otros)"),
        what_for=_(
            "Recibir, verificar su identidad y responder su solicitud de derechos "
            "sobre sus datos personales dentro del plazo de la ley."
        ),
        data=_(
            "Identificación, nombres, correo y celular de quien pide, el derecho que "
            "ejerce, su detalle y nuestra respuesta."
        ),
        basis=_("Obligación legal (LOPDP Arts. 13 a 20)."),
        processing=_(
            "Verificación del correo con un código o del ingreso al portal, "
            "revisión por el delegado de protección de datos y respuesta por correo."
        ),
        source=_("Todo lo entrega usted."),
        transfers=_("No se entregan a terceros."),
        if_not_given=_(
            "Sin confirmar su identidad no podemos entregarle ni cambiar datos, para "
            "proteger a su titular."
        ),
    ),
    Purpose(
        key="auditoria",
        title=_("Registro de auditoría"),
        what_for=_(
            "Dejar constancia de quién hizo o consultó qué y cuándo, para proteger "
            "sus datos, responder reclamos y mostrarle quién consultó sus datos."
        ),
        data=_(
            "La acción, la fecha y hora, el servidor o la persona que actuó, su "
            "dirección IP y el trámite o documento afectado."
        ),
        basis=_(
            "Obligación legal de proteger los datos y de rendir cuentas de su "
            "tratamiento (LOPDP, seguridad y responsabilidad proactiva)."
        ),
        processing=_(
            "Registro automático, de solo escritura: nadie puede modificarlo ni "
            "borrarlo."
        ),
        source=_("Lo genera el propio sistema."),
        transfers=_(
            "Solo a autoridades competentes que lo requieran conforme a la ley."
        ),
        if_not_given=_("No depende de usted: se registra siempre."),
    ),
)


@dataclass(frozen=True)
class Contacts:
    controller: str
    address: str
    dpo_name: str
    dpo_email: str
    dpo_phone: str
    authority: str
    authority_url: str


def notice_contacts() -> Contacts:
    """The controller, its data-protection officer and the Authority (settings)."""
    return Contacts(
        controller=settings.PRIVACY_CONTROLLER_NAME,
        address=settings.PRIVACY_CONTROLLER_ADDRESS,
        dpo_name=settings.PRIVACY_DPO_NAME,
        dpo_email=settings.PRIVACY_DPO_EMAIL,
        dpo_phone=settings.PRIVACY_DPO_PHONE,
        authority=settings.PRIVACY_AUTHORITY_NAME,
        authority_url=settings.PRIVACY_AUTHORITY_URL,
    )


PURPOSES_BY_KEY = {purpose.key: purpose for purpose in PURPOSES}
