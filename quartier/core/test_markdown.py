from quartier.core.markdown import render_markdown


def test_script_tags_are_shown_as_text_never_as_tags():
    html = render_markdown("Compte rendu <script>alert('x')</script> fin")
    assert "<script" not in html
    assert "&lt;script&gt;alert" in html
    assert "fin" in html


def test_raw_html_blocks_and_event_handlers_are_text():
    html = render_markdown('<div onclick="steal()">bloc</div>\n\n<img src=x onerror=alert(1)>')
    assert "<div" not in html and "<img" not in html
    assert "&lt;img" in html


def test_markdown_formatting_is_kept():
    html = render_markdown("**Décision** : *oui*\n\n- un\n- deux\n\n> citation")
    assert "<strong>Décision</strong>" in html
    assert "<em>oui</em>" in html
    assert "<li>un</li>" in html
    assert "<blockquote>" in html


def test_links_get_rel_noopener_and_dangerous_schemes_are_removed():
    html = render_markdown("[mairie](https://www.gien.fr) [piège](javascript:alert(1))")
    assert 'href="https://www.gien.fr"' in html
    assert 'rel="noopener noreferrer"' in html
    assert "javascript:" not in html


def test_headings_are_shifted_below_the_page_structure():
    assert "<h3>Ordre du jour</h3>" in render_markdown("# Ordre du jour")
    assert "<h2>Titre</h2>" in render_markdown("# Titre", top_heading=2)
    assert "<h6>" in render_markdown("###### profond")


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
