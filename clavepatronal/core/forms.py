from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Renders every form with an error summary on top and accessible field groups."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
