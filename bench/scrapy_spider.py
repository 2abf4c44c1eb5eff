"""The Scrapy baseline of the crawl benchmark: follow every same-host link from each seed, keep page text.

Run as `python bench/scrapy_spider.py SEEDS_JSON CONCURRENCY`; prints one JSON line: pages, seconds, peak RSS.
"""

import json
import resource
import sys
import time
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor


class MirrorSpider(scrapy.Spider):
    """Same work as peerscan's crawl per page: parse links, keep the text; stays on each seed's host:port."""

    name = "mirror"

    def __init__(self, seeds: list[str], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.start_urls = seeds
        self.hosts = {urlsplit(s).netloc for s in seeds}
        self.links = LinkExtractor(deny_extensions=[])
        self.pages = 0

    def parse(self, response: scrapy.http.Response):
        self.pages += 1
        if not isinstance(response, scrapy.http.TextResponse):
            return  # PDFs: Scrapy has no text extraction of its own
        " ".join(response.xpath("//body//text()").getall())
        for link in self.links.extract_links(response):
            if urlsplit(link.url).netloc in self.hosts:
                yield response.follow(link.url, callback=self.parse)


def main() -> None:
    seeds, concurrency = json.loads(sys.argv[1]), int(sys.argv[2])
    process = CrawlerProcess(settings={
        "CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "CONCURRENT_REQUESTS_PER_IP": 0, "DOWNLOAD_DELAY": 0, "ROBOTSTXT_OBEY": True, "LOG_LEVEL": "ERROR",
        "TELNETCONSOLE_ENABLED": False, "COOKIES_ENABLED": False, "DEPTH_LIMIT": 10, "RETRY_ENABLED": True,
        "USER_AGENT": "peerscan-bench-scrapy", "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    })
    crawler = process.create_crawler(MirrorSpider)
    started = time.perf_counter()
    process.crawl(crawler, seeds=seeds)
    process.start()
    seconds = time.perf_counter() - started
    pages = crawler.stats.get_value("response_received_count", 0) - crawler.stats.get_value(
        "robotstxt/response_count", 0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pages": pages, "seconds": seconds, "peak_rss_mb": peak_mb}))


if __name__ == "__main__":
    main()
