"""schema.org data for each item's page (JSON-LD). Never carries an e-mail address."""

from __future__ import annotations

from .config import Config
from .models import Item
from .regions import country_name
from .templates import absolute


def _people(names) -> list[dict]:
    return [{"@type": "Person", "name": n} for n in names]


def item_jsonld(item: Item, config: Config) -> dict:
    data = {
        "@context": "https://schema.org",
        "url": absolute(config, item.url),
        "inLanguage": item.lang,
    }
    if item.summary:
        data["description"] = item.summary
    if item.kind == "post":
        data.update(
            {
                "@type": "BlogPosting",
                "headline": item.title,
                "datePublished": item.date.isoformat(),
                "author": _people(item.authors),
            }
        )
    elif item.kind == "event":
        place = {"@type": "Place", "name": item.location or item.city or "Online"}
        if item.city:
            place["address"] = item.city
        data.update(
            {
                "@type": "Event",
                "name": item.title,
                "startDate": item.start.isoformat(),
                "endDate": item.end.isoformat(),
                "location": place,
                "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
                if item.conference == "online"
                else "https://schema.org/OfflineEventAttendanceMode",
                "organizer": {
                    "@type": "Organization",
                    "name": config.title,
                    "url": config.base_url,
                },
            }
        )
    elif item.kind == "leads-article":
        data.update(
            {
                "@type": "NewsArticle",
                "headline": item.title,
                "datePublished": item.date.isoformat(),
                "author": _people(item.authors),
                "isPartOf": {"@type": "PublicationIssue", "name": "International Leads"},
            }
        )
    elif item.kind == "leads-issue":
        data.update(
            {
                "@type": "PublicationIssue",
                "name": f"International Leads, {item.title}",
                "issueNumber": str(item.number),
                "datePublished": item.date.isoformat(),
            }
        )
    elif item.kind == "sister":
        data.update(
            {
                "@type": "Library",
                "name": item.library,
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": item.city,
                    "addressCountry": item.country,
                },
                "areaServed": country_name(item.country),
            }
        )
        if item.website:
            data["sameAs"] = item.website
    else:
        data.update({"@type": "WebPage", "name": item.title})
    if item.updated:
        data["dateModified"] = item.updated.isoformat()
    return data
