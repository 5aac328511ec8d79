from django import template

from pusterom.links import page_url as _page_url

register = template.Library()


@register.simple_tag
def page_url(name, *args):
    """``{% page_url "patient_page" patient.pk %}``: a page of a higher app (see
    ``pusterom.links``)."""
    return _page_url(name, *args)
