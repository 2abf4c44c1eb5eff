"""Engineering defaults of the crawl stage, in one place, with units in the names."""

from dataclasses import dataclass

USER_AGENT = "peerscan/0.1 (+https://github.com/peerscan/peerscan; survey of peer-certification ethics guidance)"


@dataclass(frozen=True)
class CrawlSettings:
    """How the crawler behaves; the CLI builds one from its options."""

    user_agent: str = USER_AGENT
    max_pages: int = 40  # documents fetched per program
    max_depth: int = 3  # clicks from a seed
    delay_s: float = 1.0  # minimum gap between requests to one host (robots crawl-delay wins if larger)
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 20.0
    total_timeout_s: float = 60.0  # whole response, so a server dripping bytes is abandoned
    max_bytes: int = 15_000_000  # decoded body cap
    max_redirects: int = 10
    max_retries: int = 3
    backoff_base_s: float = 1.0
    max_retry_after_s: float = 120.0
    concurrency: int = 128  # programs crawled at once (all 111): politeness is per host, one request at a time, delay_s apart
    pages_in_progress: int = 2  # documents of one program fetched/extracted at once; a host still serves one at a time
    max_pages_per_pattern: int = 5  # cap per URL path pattern, against calendars and session-id traps
    max_url_chars: int = 1024  # longer canonical URLs are skipped (ever-growing query strings)
    max_crawl_delay_s: float = 30.0  # a robots crawl-delay above this: only the seeds are fetched on that host
    allow_private_addresses: bool = False
    archive: bool = True  # write raw responses to data/archive/<run-id>/ as WARC
    polite: bool = True  # False only for benchmarks against local mirrors
    # Reach (DESIGN.md § Where real programs keep their ethics content)
    leaves: bool = True  # fetch documents and relevant pages one hop off-site, without following their links
    leaf_min_relevance: float = 3.0  # vocabulary score an off-site page link needs (documents need none)
    sitemaps: bool = True  # read robots.txt Sitemap: lines and /sitemap.xml on the seed hosts
    max_sitemap_urls: int = 5000  # URLs read from one host's sitemaps (indexes included)
    max_sitemap_files: int = 10  # sitemap files fetched per host (an index and its children)
    render: str = "auto"  # auto: render pages that need JavaScript; always; never
    chromium_path: str = "/usr/bin/chromium"
    render_timeout_s: float = 20.0  # per page, navigation and scripts together
    render_settle_ms: int = 500  # quiet network time after load before the DOM is read
    refused_retries: int = 1  # a 401/403/challenge page is asked again at most this often
    dns_workers: int = 256  # threads for DNS lookups: offline, each lookup waits out the resolver timeout (5-10 s)
