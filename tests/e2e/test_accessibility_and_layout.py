"""Every navigation page of every demo role: no WCAG 2.1 A/AA violation that axe-core finds (vendored from
npm, tests/e2e/assets/axe-core), and no sideways scrolling at 375 px or 1280 px."""

import io
import pathlib

import pytest
from django.core.management import call_command

AXE = (pathlib.Path(__file__).parent / "assets" / "axe-core" / "axe.min.js").read_text()
PASSWORD = "hanoi-demo-2025"
ROLES = [
    "organiser",
    "steering",
    "secretariat",
    "accreditation",
    "lead.content",
    "member.content",
    "liaison.vnm",
    "liaison.changes",
    "programme-organiser",
    "programme-liaison",
]
PAGES_PER_ROLE = 10
NAV_LINKS = """() => Array.from(new Set(Array.from(document.querySelectorAll('header nav a[href^="/"], main a[href^="/"]'))
  .map(a => a.getAttribute('href').split('#')[0])
  .filter(h => h && !h.startsWith('/admin') && !h.startsWith('/accounts/logout') && !h.includes('export')
          && !h.endsWith('.ics') && !h.includes('/photo/') && !h.includes('/documents/')
          && !h.includes('/full-powers/') && !h.includes('.csv') && !h.includes('.xlsx'))))"""
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return result.violations.map(v => v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_every_role_page_passes_axe_and_fits_375_and_1280(browser, live_server):
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    problems = []
    for username in ROLES:
        # bypass_csp: axe-core is injected by the test itself; the pages' own CSP stays strict for users.
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
        )
        page = context.new_page()
        _sign_in(page, username)
        page.goto("/")
        urls = ["/"] + [u for u in page.evaluate(NAV_LINKS) if u != "/"]
        for url in urls[:PAGES_PER_ROLE]:
            for width in (1280, 375):
                page.set_viewport_size({"width": width, "height": 900})
                response = page.goto(url)
                if response is None or response.status >= 400:
                    problems.append(f"{username} {url}: HTTP {response.status if response else '?'}")
                    break
                if page.evaluate(SIDEWAYS) > 0:
                    problems.append(f"{username} {url}: scrolls sideways at {width} px")
                if width == 1280:
                    page.add_script_tag(content=AXE)
                    problems += [f"{username} {url}: {v}" for v in page.evaluate(RUN_AXE)]
        context.close()

    assert problems == [], "\n".join(problems)


def test_refused_form_is_announced_by_a_focused_error_summary_linking_its_fields(page, make_user, ceremony):
    make_user(username="ana")
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill("not-her-password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".error-summary[role=alert]")
    summary.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert "There is a problem" in summary.inner_text()

    # A field error: the summary links to the field and moves the focus there.
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    link = page.locator(".error-summary a").first
    link.click()
    assert page.evaluate("document.activeElement.id") == link.get_attribute("href")[1:]


def test_main_shows_where_the_skip_link_lands(page, ceremony):
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    outline = page.evaluate("getComputedStyle(document.querySelector('main')).outlineStyle")
    assert outline != "none"
