"""schema.org data for each item's page (JSON-LD). Never carries an e-mail address."""

from __future__ import annotations

from . import urls
from .config import Config
from .models import Event, Item, LeadsArticle, LeadsIssue, Post, Sister
from .regions import country_name

JsonObject = dict[str, object]
ONLINE = "https://schema.org/OnlineEventAttendanceMode"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"


def _people(names: tuple[str, ...]) -> list[JsonObject]:
    return [{"@type": "Person", "name": n} for n in names]


def _iso(item: Item) -> str:
    return item.date.isoformat() if item.date is not None else ""


def item_jsonld(item: Item, config: Config) -> JsonObject:
    data: JsonObject = {
        "@context": "https://schema.org",
        "url": urls.absolute(config, item.url),
        "inLanguage": item.lang,
    }
    if item.summary:
        data["description"] = item.summary
    data.update(_typed(item, config))
    if item.updated:
        data["dateModified"] = item.updated.isoformat()
    return data


def _typed(item: Item, config: Config) -> JsonObject:
    """The schema.org type of each kind of item, and what it says about it."""
    match item:
        case Post():
            return {
                "@type": "BlogPosting",
                "headline": item.title,
                "datePublished": _iso(item),
                "author": _people(item.authors),
            }
        case Event():
            return _event(item, config)
        case LeadsArticle():
            return {
                "@type": "NewsArticle",
                "headline": item.title,
                "datePublished": _iso(item),
                "author": _people(item.authors),
                "isPartOf": {"@type": "PublicationIssue", "name": "International Leads"},
            }
        case LeadsIssue():
            return {
                "@type": "PublicationIssue",
                "name": f"International Leads, {item.title}",
                "issueNumber": str(item.number),
                "datePublished": _iso(item),
            }
        case Sister():
            return _sister(item)
    return {"@type": "WebPage", "name": item.title}


def _event(event: Event, config: Config) -> JsonObject:
    place: JsonObject = {"@type": "Place", "name": event.location or event.city or "Online"}
    if event.city:
        place["address"] = event.city
    return {
        "@type": "Event",
        "name": event.title,
        "startDate": event.start.isoformat(),
        "endDate": event.end.isoformat(),
        "location": place,
        "eventAttendanceMode": ONLINE if event.conference == "online" else OFFLINE,
        "organizer": {"@type": "Organization", "name": config.title, "url": config.base_url},
    }


def _sister(sister: Sister) -> JsonObject:
    data: JsonObject = {
        "@type": "Library",
        "name": sister.library,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": sister.city,
            "addressCountry": sister.country,
        },
        "areaServed": country_name(sister.country),
    }
    if sister.website:
        data["sameAs"] = sister.website
    return data
