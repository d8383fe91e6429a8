"""Every action the audit trail records: one catalogue, searched by its labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    # Registro nuevo empleador
    REGISTRO_CREADO = "registro.creado", _("Registro de empleador creado")
    REGISTRO_ACCESO_CONFIRMADO = (
        "registro.acceso_confirmado",
        _("Registro: acceso confirmado"),
    )
    SRI_CONSULTADO = "sri.consultado", _("Consulta al SRI")
    # Documents
    DOCUMENTO_GENERADO = "documento.generado", _("Documento generado")
    DOCUMENTO_DESCARGADO = "documento.descargado", _("Documento descargado")
    DOCUMENTO_ACTA_IMPRESA = "documento.acta_impresa", _("Acta de entrega impresa")
    # Ventanilla virtual: one action per state a trámite enters
    TRAMITE_RECIBIDO = "tramite.recibido", _("Trámite recibido")
    TRAMITE_EN_REVISION = "tramite.en_revision", _("Trámite tomado para revisión")
    TRAMITE_OBSERVADO = "tramite.observado", _("Trámite observado")
    TRAMITE_CORREGIDO = (
        "tramite.corregido",
        _("Trámite corregido por el solicitante"),
    )
    TRAMITE_APROBADO = "tramite.aprobado", _("Trámite aprobado")
    TRAMITE_CLAVE_EMITIDA = "tramite.clave_emitida", _("Trámite: clave emitida")
    TRAMITE_RECHAZADO = "tramite.rechazado", _("Trámite rechazado")
    ADJUNTO_VISTO = "adjunto.visto", _("Adjunto visto")
    TRAMITE_CONSULTADO = "tramite.consultado", _("Trámite consultado por el personal")
    TRAMITE_CONFIRMADO_EMPLEADOR = (
        "tramite.confirmado_empleador",
        _("Trámite de un tercero confirmado por el empleador"),
    )
    # Turnos en línea and the desk
    TURNO_RESERVADO = "turno.reservado", _("Turno reservado")
    TURNO_REPROGRAMADO = "turno.reprogramado", _("Turno reprogramado")
    TURNO_CANCELADO = "turno.cancelado", _("Turno cancelado")
    TURNO_CONSULTADO = "turno.consultado", _("Turno consultado en la agencia")
    TURNO_CONFIRMADO_EMPLEADOR = (
        "turno.confirmado_empleador",
        _("Turno confirmado por el empleador"),
    )
    TURNO_NO_FUI_YO = "turno.no_fui_yo", _("«No fui yo»: el empleador anuló el turno")
    TURNO_CONFIRMACION_VENCIDA = (
        "turno.confirmacion_vencida",
        _("Turno liberado: el empleador no lo confirmó"),
    )
    TURNO_RECORDATORIO_ENVIADO = (
        "turno.recordatorio_enviado",
        _("Recordatorio enviado"),
    )
    TURNO_LLEGADA = "turno.llegada", _("Llegada registrada")
    TURNO_NO_ASISTIO = "turno.no_asistio", _("No asistió")
    TURNO_ATENDIDO = "turno.atendido", _("Turno atendido")
    TURNO_ENLACE_REENVIADO = (
        "turno.enlace_reenviado",
        _("Enlace del turno reenviado a su correo"),
    )
    # Turn draws (sorteo)
    SORTEO_PUBLICADO = "sorteo.publicado", _("Sorteo publicado (hash de la semilla)")
    SORTEO_REALIZADO = "sorteo.realizado", _("Sorteo realizado")
    AGENCIA_MODO_CAMBIADO = (
        "agencia.modo_cambiado",
        _("Modo automático: la agencia cambia la asignación de sus días nuevos"),
    )
    SOLICITUD_REGISTRADA = "solicitud.registrada", _("Solicitud de turno registrada")
    SOLICITUD_ASIGNADA = "solicitud.asignada", _("Solicitud de turno asignada")
    SOLICITUD_NO_ASIGNADA = (
        "solicitud.no_asignada",
        _("Solicitudes de turno no asignadas en el sorteo (lista)"),
    )
    SOLICITUD_CANCELADA = "solicitud.cancelada", _("Solicitud de turno cancelada")
    SOLICITUD_CONFIRMADA_EMPLEADOR = (
        "solicitud.confirmada_empleador",
        _("Solicitud confirmada por el empleador"),
    )
    SOLICITUD_NO_FUI_YO = (
        "solicitud.no_fui_yo",
        _("«No fui yo»: el empleador anuló la solicitud"),
    )
    SOLICITUD_SIN_EFECTO = (
        "solicitud.sin_efecto",
        _("Solicitud de turno sin efecto: la persona o el empleador ya tenía un turno"),
    )
    # Lista de espera (freed seats offered in the published order)
    ESPERA_INSCRITA = "espera.inscrita", _("Inscripción en la lista de espera")
    ESPERA_OFRECIDA = "espera.ofrecida", _("Lista de espera: lugar ofrecido")
    ESPERA_TOMADA = "espera.tomada", _("Lista de espera: lugar tomado")
    ESPERA_RECHAZADA = "espera.rechazada", _("Lista de espera: lugar rechazado")
    ESPERA_VENCIDA = "espera.vencida", _("Lista de espera: oferta vencida")
    ESPERA_CANCELADA = "espera.cancelada", _("Salida de la lista de espera")
    ESPERA_DEVUELTA = (
        "espera.devuelta",
        _("Lista de espera: nadie tomó el lugar y volvió al calendario"),
    )
    ATENCION_EMPLEADOR = (
        "atencion.empleador",
        _("Empleador identificado en ventanilla"),
    )
    # Powers of attorney
    PODER_REGISTRADO = "poder.registrado", _("Poder notarial registrado")
    PODER_SELLADO = "poder.sellado", _("Poder notarial validado y sellado")
    PODER_RECHAZADO = "poder.rechazado", _("Poder notarial rechazado")
    PODER_ESCANEO_VISTO = "poder.escaneo_visto", _("Escaneo del poder notarial visto")
    # The clave and the employer's account
    CLAVE_EMITIDA = "clave.emitida", _("Clave emitida")
    CLAVE_ACTIVADA = "clave.activada", _("Clave activada")
    CLAVE_CAMBIADA = "clave.cambiada", _("Clave cambiada")
    CLAVE_RECUPERACION_SOLICITADA = (
        "clave.recuperacion_solicitada",
        _("Recuperación de clave solicitada"),
    )
    CLAVE_RESTABLECIDA = "clave.restablecida", _("Clave restablecida")
    # «Recuperar con firma electrónica» (docs/portal.md)
    RESTABLECIMIENTO_SOLICITADO = (
        "restablecimiento.solicitado",
        _("Solicitud de restablecimiento de clave generada"),
    )
    RESTABLECIMIENTO_FIRMA_VALIDA = (
        "restablecimiento.firma_valida",
        _("Restablecimiento: firma del representante legal verificada"),
    )
    RESTABLECIMIENTO_A_REVISION = (
        "restablecimiento.a_revision",
        _("Restablecimiento enviado a revisión de un servidor"),
    )
    RESTABLECIMIENTO_ENLACE_EMITIDO = (
        "restablecimiento.enlace_emitido",
        _("Restablecimiento: enlace enviado al correo nuevo"),
    )
    CORREO_CAMBIO_SOLICITADO = (
        "cuenta.cambio_correo_solicitado",
        _("Cambio de correo solicitado"),
    )
    CORREO_CAMBIADO = "cuenta.correo_cambiado", _("Correo de contacto cambiado")
    CUENTA_INGRESO = "cuenta.ingreso", _("Ingreso al portal")
    CUENTA_SALIDA = "cuenta.salida", _("Salida del portal")
    # Staff
    PERSONAL_INGRESO = "personal.ingreso", _("Ingreso del personal")
    PERSONAL_CODIGO_FALLIDO = (
        "personal.codigo_fallido",
        _("Código de verificación incorrecto"),
    )
    PERSONAL_SEGUNDO_FACTOR = (
        "personal.segundo_factor_activado",
        _("Segundo factor activado"),
    )
    PERSONAL_SALIDA = "personal.salida", _("Salida del personal")
    PERSONAL_ENLACE_SEGUNDO_FACTOR = (
        "personal.enlace_segundo_factor",
        _("Enlace para configurar el segundo factor enviado"),
    )

    # Personal data (clavepatronal.privacy): rights requests, breaches, consent
    DERECHOS_RECIBIDA = "derechos.recibida", _("Solicitud de derechos recibida")
    DERECHOS_VISTA = "derechos.vista", _("Solicitud de derechos vista")
    DERECHOS_EN_TRAMITE = "derechos.en_tramite", _("Solicitud de derechos en trámite")
    DERECHOS_RESPONDIDA = "derechos.respondida", _("Solicitud de derechos respondida")
    DERECHOS_RECHAZADA = "derechos.rechazada", _("Solicitud de derechos rechazada")
    DERECHOS_DATOS_ELIMINADOS = (
        "derechos.datos_eliminados",
        _("Datos eliminados por una solicitud de eliminación"),
    )
    INCIDENTE_REGISTRADO = (
        "incidente.registrado",
        _("Incidente de seguridad registrado"),
    )
    INCIDENTE_AUTORIDAD = (
        "incidente.autoridad_notificada",
        _("Incidente notificado a la Autoridad"),
    )
    INCIDENTE_TITULARES = (
        "incidente.titulares_notificados",
        _("Incidente: aviso enviado a los titulares afectados"),
    )
    CONSENTIMIENTO_OTORGADO = "consentimiento.otorgado", _("Consentimiento otorgado")
    CONSENTIMIENTO_RETIRADO = "consentimiento.retirado", _("Consentimiento retirado")

    # Retention (privacy.purge): one event per run of depurar_datos, with counts
    DATOS_DEPURADOS = "datos.depurados", _("Depuración de datos por plazo vencido")

    # «Mis datos» (privacy.selectors.export): each download of the export
    MIS_DATOS_EXPORTADOS = (
        "datos.mis_datos_exportados",
        _("«Mis datos» descargados por el empleador"),
    )

    @classmethod
    def for_tramite_status(cls, status: str) -> "AuditAction":
        """The action of a trámite entering `status` (a TramiteStatus value)."""
        return cls(f"tramite.{status.lower()}")
