"""URL shapes of each template family: the same site content lives at paths its CMS would use."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date

from freshwatch.demo.units import Family, UnitSpec

_SLUGS = {"news": "gzdt", "notice": "tzgg", "policy": "bmwj", "plan": "ghjh"}
_CARD_SLUGS = {"news": "news", "notice": "notice", "policy": "policy", "plan": "plan"}
_ORDER = ("news", "notice", "policy", "plan")


@dataclass(frozen=True)
class Paths:
    family: Family
    col_base: int  # Hanweb column numbers
    nav_page: str  # 网上信访: a working page, or the dead one on broken sites
    sitemap: str  # 网站地图 in the footer
    banner: str
    new_icon: str
    logo: str

    @property
    def nav_dead(self) -> str:
        return self.nav_page

    @property
    def footer_dead(self) -> str:
        return self.sitemap

    @property
    def banner_dead(self) -> str:
        return self.banner

    def column(self, key: str) -> str:
        if self.family is Family.trs:
            return f"/{_SLUGS[key]}/"
        if self.family is Family.hanweb:
            return f"/col/col{self._col(key)}/index.html"
        if self.family is Family.cards:
            return f"/{_CARD_SLUGS[key]}/"
        return f"/{_SLUGS[key]}/index.shtml"

    def list_page(self, key: str, page: int) -> str:
        """Page ``page`` (0 = first) of a column, as the pager links it."""
        base = self.column(key)
        if self.family is Family.trs:
            return base + ("index.html" if page == 0 else f"index_{page}.html")
        if self.family in (Family.hanweb, Family.cards):
            return base if page == 0 else f"{base}?page={page + 1}"
        return base if page == 0 else base.replace("index.shtml", f"index_{page + 1}.shtml")

    def article(self, key: str, day: date, item_id: int) -> str:
        if self.family is Family.trs:
            return f"/{_SLUGS[key]}/{day:%Y%m}/t{day:%Y%m%d}_{item_id}.html"
        if self.family is Family.hanweb:
            return f"/art/{day.year}/{day.month}/{day.day}/art_{self._col(key)}_{item_id}.html"
        if self.family is Family.cards:
            return f"/{_CARD_SLUGS[key]}/{day:%Y-%m}/{day:%d}/content_{item_id}.html"
        return f"/{_SLUGS[key]}/content/post_{item_id}.html"

    def attachment(self, key: str, day: date, file_id: int, ext: str) -> str:
        if self.family is Family.trs:
            return f"/{_SLUGS[key]}/{day:%Y%m}/P0{day:%Y%m%d}{file_id:08d}.{ext}"
        if self.family is Family.hanweb:
            return f"/attach/0/{_hex(key, file_id)}.{ext}"
        if self.family is Family.cards:
            return f"/uploads/{day:%Y/%m}/{key}_{file_id}.{ext}"
        return f"/attachment/0/{_SLUGS[key]}_{file_id}.{ext}"

    def image(self, key: str, day: date, item_id: int) -> str:
        if self.family is Family.trs:
            return f"/{_SLUGS[key]}/{day:%Y%m}/W0{day:%Y%m%d}{item_id:08d}.png"
        if self.family is Family.hanweb:
            return f"/picture/0/{_hex(key, item_id)}.png"
        if self.family is Family.cards:
            return f"/uploads/{day:%Y/%m}/img_{key}_{item_id}.png"
        return f"/attachment/0/{_SLUGS[key]}_img_{item_id}.png"

    def download(self, name: str, ext: str) -> str:
        return f"/xzzx/{name}.{ext}"

    def _col(self, key: str) -> int:
        return self.col_base + _ORDER.index(key)


def _hex(key: str, number: int) -> str:
    return f"{zlib.crc32(f'{key}{number}'.encode()):08x}{number:x}"


def paths_for(unit: UnitSpec) -> Paths:
    base = 1000 + zlib.crc32(unit.id.encode()) % 8000 * 10
    images = {"trs": "/images", "hanweb": "/images", "cards": "/static/img", "dlist": "/img"}[
        unit.family.value
    ]
    gif = "gif" if unit.family in (Family.trs, Family.hanweb) else "png"
    if unit.family is Family.hanweb:
        nav, sitemap = f"/col/col{base + 8}/index.html", f"/col/col{base + 9}/index.html"
    elif unit.family is Family.dlist:
        nav, sitemap = "/wsxf/index.shtml", "/wzdt/index.shtml"
    else:
        nav, sitemap = "/wsxf/", "/wzdt/"
    return Paths(
        unit.family,
        base,
        nav,
        sitemap,
        f"{images}/banner_2018.png",
        f"{images}/new.{gif}",
        f"{images}/logo.png",
    )
