{#- pandas Styler table of a brief (helpers.show.show_table): column headers with scope="col", and
    class "num" on the cells of number columns (num_classes: Styler column classes "colN"). -#}
{% extends "html_table.tpl" %}
{% block head_tr scoped %}
    <tr>
{%- for c in r if c.is_visible != False %}
{%- set num = c.class.split() | select("in", num_classes) | list %}
<{{c.type}}{% if c.type == "th" %} scope="col"{% endif %} class="{{c.class}}{% if num %} num{% endif %}" {{c.attributes}}>{{c.display_value}}</{{c.type}}>
{%- endfor -%}
</tr>
{% endblock head_tr %}
{% block tr scoped %}
    <tr>
{%- for c in r if c.is_visible != False %}
{%- set num = c.class.split() | select("in", num_classes) | list %}
<{{c.type}} class="{{c.class}}{% if num %} num{% endif %}" {{c.attributes}}>{{c.display_value}}</{{c.type}}>
{%- endfor -%}
</tr>
{% endblock tr %}
