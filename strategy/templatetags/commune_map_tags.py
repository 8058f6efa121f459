from django import template

from strategy.maps.component import map_context

register = template.Library()


@register.inclusion_tag("components/commune_map.html")
def commune_map(links, participating=None, counts=None, highlight=None, map_id="commune-map"):
    """The canton map (strategy/maps/component.py): every commune a link to `links[bfs]`;
    coloured by `participating` (BFS numbers) or `counts` ({BFS number: projects}), or
    neither; `highlight` outlines one commune; `map_id` keeps two maps on a page apart."""
    return map_context(links, participating, counts, highlight, map_id)
