"""Regenerate data/sample_web/ (the demo's fictional program sites) — run after editing the texts below."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.minipdf import make_pdf  # noqa: E402
from tools.scanpdf import make_scanned_pdf  # noqa: E402

ROOT = Path(__file__).resolve().parents[1] / "data" / "sample_web"


def page(title: str, body: str, nav: str = "", charset: str = "utf-8") -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="{charset}"><title>{title}</title></head>
<body>
<header class="site-header"><nav class="main-nav" aria-label="Main">{nav}</nav></header>
<main>
{body}
</main>
<footer class="site-footer"><p>Sample site for the peerscan demo. Fictional content.</p></footer>
</body></html>
"""


def write(site: str, rel: str, text: str | bytes) -> None:
    path = ROOT / site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


AGENCY_NAV = ('<ul><li><a href="/">Home</a></li><li><a href="/licensing/">Licensing</a></li>'
              '<li><a href="/medicaid/">Medicaid</a></li><li><a href="/behavioral-health/">Behavioral Health</a></li>'
              '<li><a href="/news/">News</a></li><li><a href="/parks/">State Parks</a></li></ul>')


def agency() -> None:
    unrelated = {
        "licensing": "Facility licensing and inspections", "medicaid": "Medicaid eligibility",
        "parks": "State parks and campgrounds", "news": "Department news", "vital-records": "Birth and death records",
        "food-safety": "Restaurant inspections", "emergency": "Emergency preparedness",
    }
    links = "".join(f'<li><a href="/{slug}/">{title}</a></li>' for slug, title in unrelated.items())
    write("agency", "index.html", page("Sample Department of Health and Human Services",
          f"<h1>Sample Department of Health and Human Services</h1><p>Programs and services.</p><ul>{links}"
          '<li><a href="/behavioral-health/">Behavioral Health</a></li></ul>', AGENCY_NAV))
    for slug, title in unrelated.items():
        items = "".join(f'<li><a href="/{slug}/item-{n}.html">{title} notice {n}</a></li>' for n in range(1, 6))
        write("agency", f"{slug}/index.html", page(title, f"<h1>{title}</h1><p>Information about {title.lower()}.</p>"
                                                      f"<ul>{items}</ul>", AGENCY_NAV))
        for n in range(1, 6):
            write("agency", f"{slug}/item-{n}.html", page(f"{title} notice {n}",
                  f"<h1>{title} notice {n}</h1><p>Routine notice number {n} about {title.lower()}. "
                  "Office hours are 8 a.m. to 5 p.m., Monday through Friday.</p>", AGENCY_NAV))
    write("agency", "behavioral-health/index.html", page("Behavioral Health",
          "<h1>Behavioral Health</h1><p>The division funds treatment, prevention and recovery services.</p>"
          '<ul><li><a href="/behavioral-health/peer-support/">Peer Support Certification</a></li>'
          '<li><a href="/behavioral-health/grants/">Grants</a></li></ul>', AGENCY_NAV))
    write("agency", "behavioral-health/grants/index.html", page("Grants",
          "<h1>Grants</h1><p>Funding opportunities for providers are posted each spring.</p>", AGENCY_NAV))
    write("agency", "behavioral-health/peer-support/index.html", page("Peer Support Certification",
          "<h1>Certified Peer Recovery Supporter</h1>"
          "<p>Peer recovery supporters are people with lived experience of mental illness or addiction who "
          "help others in their recovery. The department certifies peer recovery supporters who complete the "
          "required training and pass the exam.</p>"
          "<h2>Requirements</h2><ul><li>Complete the 40-hour peer recovery supporter training, which includes "
          "six hours of ethics training.</li><li>Pass the certification exam.</li>"
          "<li>Sign the Code of Ethics and renew every two years with 30 hours of continuing education.</li></ul>"
          '<h2>Documents</h2><ul><li><a href="/behavioral-health/peer-support/standards/">Standards of conduct</a></li>'
          '<li><a href="/behavioral-health/peer-support/application.html">Application</a></li>'
          '<li><a href="/behavioral-health/peer-support/faq.html">Frequently asked questions</a></li></ul>',
          AGENCY_NAV))
    write("agency", "behavioral-health/peer-support/application.html", page("Application",
          "<h1>Application</h1><p>Mail the application to the Office of Peer Programs. Questions? Call our office "
          "at 555-0100.</p>", AGENCY_NAV))
    write("agency", "behavioral-health/peer-support/faq.html", page("FAQ",
          "<h1>Frequently asked questions</h1><p>How long does certification take? Most applicants finish within "
          "three months.</p>", AGENCY_NAV))
    write("agency", "behavioral-health/peer-support/standards/index.html", page("Standards of conduct",
          "<h1>Standards of conduct</h1><p>Certified peer recovery supporters follow the department's code of "
          'ethics.</p><p><a href="/behavioral-health/peer-support/standards/code-of-ethics.html">Read the Code of '
          "Ethics for Peer Recovery Supporters</a></p>", AGENCY_NAV))
    write("agency", "behavioral-health/peer-support/standards/code-of-ethics.html", page(
          "Code of Ethics for Peer Recovery Supporters",
          "<h1>Code of Ethics for Peer Recovery Supporters</h1>"
          "<ol><li>Peer recovery supporters keep the information shared by the people they serve private and "
          "confidential, except where the law requires disclosure.</li>"
          "<li>Peer recovery supporters shall not enter into dual relationships with the people they serve when "
          "the relationship could harm them or impair the supporter's judgment.</li>"
          "<li>Peer recovery supporters maintain clear professional boundaries in the peer relationship.</li>"
          "<li>Peer recovery supporters do not engage in romantic or sexual relationships with people they "
          "serve.</li>"
          "<li>Peer recovery supporters do not accept gifts of significant value, lend money to, or borrow money "
          "from the people they serve.</li>"
          "<li>Peer recovery supporters do not friend or follow people they serve on social media.</li></ol>",
          AGENCY_NAV))
    write("agency", "robots.txt", "User-agent: *\nDisallow: /admin/\n")
    write("agency", "admin/index.html", page("Admin", "<h1>Staff only</h1><p>Code of ethics drafts.</p>"))


def nonprofit() -> None:
    nav = ('<div class="wixui-menu"><a href="/">Home</a> <a href="/training">Training</a> '
           '<a href="/about">About us</a> <a href="/contact">Contact</a></div>')
    write("nonprofit", "index.html", page("Sample Peer Network",
          '<div class="wixui-rich-text"><h1>Sample Peer Network</h1><p>We train and support peer specialists '
          'across the state. <a href="/training">See our Peer Support Specialist training</a>.</p></div>', nav))
    write("nonprofit", "training/index.html", page("Peer Support Specialist Training",
          '<div class="wixui-rich-text"><h2>Peer Support Specialist Training</h2>'
          "<p>The five-day course covers recovery principles, ethics and boundaries, and sharing your recovery "
          "story with purpose.</p>"
          "<p>Day three is devoted to ethics: participants learn when sharing their own lived experience "
          "helps the person served, and when self-disclosure should stop.</p>"
          "<p>We also talk about protecting yourself: peer specialists have the right to set limits, and to "
          "get help from a supervisor if a person they serve harasses or stalks them.</p></div>", nav))
    write("nonprofit", "about/index.html", page("About us",
          '<div class="wixui-rich-text"><h2>About us</h2><p>Founded by people in recovery in 2009.</p></div>', nav))
    write("nonprofit", "contact/index.html", page("Contact",
          '<div class="wixui-rich-text"><h2>Contact</h2><p>Call us at 555-0142 or follow us on Facebook.</p></div>',
          nav))


def board() -> None:
    nav = '<ul class="menu"><li><a href="/">Home</a></li><li><a href="/certifications/">Certifications</a></li></ul>'
    write("board", "index.html", page("Sample Certification Board",
          '<h1>Sample Certification Board</h1><p><a href="/certifications/peer-specialist.html">Certified Peer '
          "Specialist</a></p>", nav))
    write("board", "certifications/index.html", page("Certifications",
          '<h1>Certifications</h1><p><a href="/certifications/peer-specialist.html">Certified Peer Specialist</a>'
          "</p>", nav))
    write("board", "certifications/peer-specialist.html", page("Certified Peer Specialist",
          "<h1>Certified Peer Specialist</h1><p>Applicants document lived experience, training hours and "
          "supervised work.</p>"
          '<p><a href="/docs/cps-candidate-handbook.pdf">Candidate Handbook (PDF)</a></p>', nav))
    write("board", "docs/cps-candidate-handbook.pdf", make_pdf([
        ["Certified Peer Specialist Candidate Handbook", "", "Section 1. Eligibility",
         "Candidates must complete 46 hours of approved training."],
        ["Section 2. Code of Ethical Conduct",
         "Every certified peer specialist agrees to the Code of Ethical Conduct.",
         "A peer specialist does not engage in dual rela-",
         "tionships with persons served that could exploit them.",
         "A peer specialist avoids conflicts of interest and does not give out a personal",
         "phone number to persons served."],
    ], title="Candidate Handbook"))


def division() -> None:
    """A state division page whose ethics content lives elsewhere: a code PDF on the board's host, a portal
    that needs JavaScript, and a scanned signed code. {board} and {falsefriends} become hosts when served."""
    write("division", "peer-support/index.html", page("Peer Support Specialist Certification",
          "<h1>Peer Support Specialist Certification</h1><p>The Division certifies peer support specialists "
          "who complete the approved training and pass the exam.</p>"
          '<ul><li><a href="http://{board}/docs/code-of-ethics.pdf">Code of Ethics (Sample Certification Board, '
          'PDF)</a></li><li><a href="/portal/">Peer specialist portal</a></li>'
          '<li><a href="/peer-support/signed-code-of-conduct.pdf">Signed code of conduct (scanned)</a></li></ul>'
          '<p>Rules for state staff: see the <a href="http://{falsefriends}/state-ethics-commission/">'
          "State Ethics Commission</a>.</p>"))
    write("division", "portal/index.html",
          '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Peer specialist portal</title>'
          '<script src="/portal/app.js" defer></script></head>\n<body><noscript>You need to enable JavaScript to '
          'run this app.</noscript><div id="root"></div></body></html>\n')
    write("division", "portal/app.js",
          "// The portal's content exists only after this script runs (a single-page app).\n"
          "document.getElementById('root').innerHTML = '<main><h1>Peer specialist portal</h1>"
          "<p>Peer support specialists do not friend or follow the people they serve on social media.</p>"
          "<p>Hugs and other physical contact happen only when the person served asks for them.</p></main>';\n")
    write("division", "peer-support/signed-code-of-conduct.pdf", make_scanned_pdf([[
        "Signed Code of Conduct", "",
        "I will not accept gifts, money or loans",
        "from the people I serve.",
        "I will tell my supervisor about any",
        "conflict of interest.",
    ]]))
    write("board", "docs/code-of-ethics.pdf", make_pdf([[
        "Code of Ethics for Peer Support Specialists",
        "Peer support specialists maintain professional boundaries with the people they serve.",
        "Peer support specialists do not enter into dual relationships with the people they serve.",
    ]], title="Code of Ethics"))


def silent() -> None:
    write("silent", "peer-specialist/index.html", page("Peer Specialist Certification",
          "<h1>Peer Specialist Certification</h1><p>To apply, submit the application form, proof of a high "
          "school diploma and the $50 fee.</p>"
          '<p><a href="/peer-specialist/fees.html">Fees</a></p>'))
    write("silent", "peer-specialist/fees.html", page("Fees",
          "<h1>Fees</h1><p>The application fee is $50. Renewal costs $25 every two years.</p>"))


def falsefriends() -> None:
    write("falsefriends", "peer-support-worker/index.html", page("Certified Peer Support Worker",
          "<h1>Certified Peer Support Worker</h1>"
          "<p>Peer support workers serve people with a dual diagnosis of mental illness and substance use.</p>"
          "<p>Many members are dual eligible for Medicare and Medicaid.</p>"
          "<p>Questions about gifts to state employees go to the State Ethics Commission.</p>"
          "<p>Services are available within the county boundaries of the four pilot counties.</p>"
          "<p>Call the office at 555-0199 during business hours.</p>"
          "<p>Follow us on Facebook for training dates.</p>"))


def news() -> None:
    # A newspaper's story about a program whose own pages research could not find. It talks about ethics and
    # boundaries on purpose: the program is known only from this reference, which is never crawled, so none
    # of these words may ever be credited to the program.
    write("news", "2026/peer-support-professionals.html", page("Peer support professionals join the workforce",
          "<h1>Peer support professionals join the workforce</h1>"
          "<p>The state's new Peer Support Professional certification requires a code of ethics, training "
          "on boundaries and dual relationships, and rules on gifts from people served.</p>"
          "<p>Reporting by the Sample Daily News.</p>"))


if __name__ == "__main__":
    for build in (agency, nonprofit, board, division, silent, falsefriends, news):
        build()
    print(f"wrote {sum(1 for p in ROOT.rglob('*') if p.is_file())} files under {ROOT}")
