"""The faces documents are set in, chosen by role: the one place that says which installed face
stands in for 仿宋, 小标宋, 黑体 or 宋体.  Qt-free; the printing layer tells it which families are
installed (``use_installed``), otherwise fontconfig (``fc-list``) is asked, where there is one.

Each role lists its proper faces (the ones an office has on Windows, macOS or with the 方正
fonts), then the stand-ins in the order they are nearest to it: 仿宋 and 宋体 take a serif (Noto
Serif CJK SC, Source Han Serif) before any sans, 小标宋 a serif set in bold, 黑体 a sans.  Qt takes
the first installed family of a ``font-family`` list, so the HTML lists them in that order and
``choose`` says which one that is (the 打印设置 window shows it).

Noto/Source Han CJK come late among the stand-ins for another reason as well: Qt's PDFs map some
of their glyphs to Kangxi radicals (⼈ for 人), so text copied or searched in the PDF may not match.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from typing import Callable, Iterable

FANGSONG, XIAOBIAOSONG, HEITI, SONGTI = "仿宋", "小标宋", "黑体", "宋体"


@dataclass(frozen=True)
class Role:
    name: str  # 仿宋, 小标宋, 黑体, 宋体
    use: str  # what it sets, as the 打印设置 window says
    proper: tuple[str, ...]  # the face itself, under its names on the systems an office has
    standins: tuple[str, ...]  # the nearest faces otherwise, nearest first
    generic: str  # the CSS generic family last of all
    bold_standin: bool = False  # a stand-in is set in bold (小标宋 is a heavy face)


_SERIF = ("Source Han Serif SC", "思源宋体", "Noto Serif CJK SC", "Source Han Serif CN", "AR PL UMing CN")
_SANS = ("Source Han Sans SC", "思源黑体", "Noto Sans CJK SC", "Droid Sans Fallback", "WenQuanYi Micro Hei",
         "WenQuanYi Zen Hei", "Microsoft YaHei")

ROLES: dict[str, Role] = {r.name: r for r in (
    Role(FANGSONG, "公文正文、表格", ("仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312", "STFangsong", "华文仿宋",
                                    "FandolFang"),
         ("SimSun", "宋体", "Songti SC", "STSong", "FandolSong", *_SERIF, *_SANS), "serif"),
    Role(XIAOBIAOSONG, "公文标题、版头", ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05",
                                      "华文中宋", "STZhongsong"),
         ("SimSun", "宋体", "Songti SC", "STSong", "FandolSong", *_SERIF, *_SANS), "serif", bold_standin=True),
    Role(HEITI, "公文一级标题", ("黑体", "SimHei", "STHeiti", "Heiti SC", "FandolHei"),
         (*_SANS, "Noto Serif CJK SC"), "sans-serif"),
    Role(SONGTI, "报表、名册、评议表", ("SimSun", "宋体", "NSimSun", "Songti SC", "STSong", "FandolSong"),
         (*_SERIF, *_SANS), "serif"),
)}


@dataclass(frozen=True)
class Face:
    role: str
    family: str  # the family that prints ("" when none of the role's is installed)
    proper: bool  # the face itself, not a stand-in
    bold: bool  # a stand-in set in bold


_source: Callable[[], Iterable[str]] | None = None
_fc_cache: frozenset[str] | None = None


def use_installed(source: Callable[[], Iterable[str]] | None) -> None:
    """Where the installed families come from (the printing layer passes Qt's font database)."""
    global _source
    _source = source


def installed() -> frozenset[str]:
    """The families installed on this computer, as the printing layer or fontconfig knows them
    (empty when neither can say: the lists are then used in their order, and Qt chooses)."""
    if _source is not None:
        return frozenset(_source())
    return fontconfig_families()


def fontconfig_families() -> frozenset[str]:
    """The families fontconfig lists (empty where there is no fontconfig, as on Windows)."""
    global _fc_cache
    if _fc_cache is None:
        names: set[str] = set()
        if shutil.which("fc-list"):
            try:
                out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=20).stdout
            except (OSError, subprocess.SubprocessError):
                out = ""
            for line in out.splitlines():
                names.update(n.strip() for n in line.split(",") if n.strip())
        _fc_cache = frozenset(names)
    return _fc_cache


def families(role: str) -> list[str]:
    """The role's families in order: its proper faces, then the stand-ins nearest first."""
    r = ROLES[role]
    return [*r.proper, *r.standins]


def choose(role: str, available: Iterable[str] | None = None) -> Face:
    """The face that prints ``role``: the first of its families installed (``available``, or
    what is installed here); "" when none is known to be."""
    have = {n.casefold() for n in (installed() if available is None else available)}
    r = ROLES[role]
    for name in families(role):
        if name.casefold() in have:
            proper = name in r.proper
            return Face(role, name, proper, r.bold_standin and not proper)
    return Face(role, "", False, r.bold_standin)


def css(role: str) -> str:
    """``font-family:…`` for a role (with ``font-weight:bold`` where a stand-in is to be bold)."""
    weight = "; font-weight:bold" if choose(role).bold else ""
    return f"font-family:{stack(role)}{weight}"


def stack(role: str) -> str:
    """The role's CSS family list alone (for a ``font-family`` inside a larger style)."""
    return ", ".join(f"'{name}'" for name in families(role)) + f", {ROLES[role].generic}"
