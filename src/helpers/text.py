"""Every user-visible string of a brief, in Vietnamese and English."""

from __future__ import annotations

from .numbers import LANGUAGES

__all__ = ["CATALOG", "t", "STATUS_KEYS"]

CATALOG: dict[str, dict[str, str]] = {
    "brief_title": {
        "vi": "Kinh tế số tỉnh {province}: bản tin theo dõi",
        "en": "{province}: digital economy brief",
    },
    "as_of": {
        "vi": "Số liệu đến năm {year}. Bản tin tạo ngày {date}.",
        "en": "Figures up to {year}. Brief built on {date}.",
    },
    "merged_note": {
        "vi": "Từ 1/7/2025, {province} thuộc {successor}. Số liệu ghi theo tên tỉnh khi công bố.",
        "en": "From 1 July 2025, {province} is part of {successor}. Figures keep the name "
        "under which they were published.",
    },
    "h_headline": {"vi": "Tóm tắt", "en": "Headline"},
    "h_trend": {
        "vi": "Xu hướng tỷ trọng kinh tế số",
        "en": "Trend of the digital-economy share",
    },
    "h_scorecard": {
        "vi": "Đối chiếu với mục tiêu quốc gia (Quyết định 411/QĐ-TTg)",
        "en": "Progress against the national targets (Decision 411/QĐ-TTg)",
    },
    "h_coverage": {
        "vi": "Bộ chỉ tiêu cấp tỉnh (Quyết định 1354/QĐ-BTTTT): đã có và còn thiếu",
        "en": "Provincial indicator set (Decision 1354/QĐ-BTTTT): reported and missing",
    },
    "h_ranking": {
        "vi": "So sánh với các tỉnh khác",
        "en": "Comparison with other provinces",
    },
    "h_notes": {"vi": "Ghi chú về số liệu", "en": "Data notes"},
    "h_sources": {"vi": "Nguồn", "en": "Sources"},
    "h_other": {
        "vi": "Các số liệu khác của tỉnh",
        "en": "Other figures for the province",
    },
    "de_share_province": {
        "vi": "Tỷ trọng kinh tế số trong GRDP của tỉnh ({year}, {series}): {value}",
        "en": "Digital economy share of the province's GRDP ({year}, {series}): {value}",
    },
    "de_share_province_missing": {
        "vi": "Chưa có số liệu công bố về tỷ trọng kinh tế số trong GRDP của tỉnh.",
        "en": "No published figure for the digital-economy share of the province's GRDP.",
    },
    "de_share_national": {
        "vi": "Cả nước ({year}, {series}): {value}",
        "en": "Whole country ({year}, {series}): {value}",
    },
    "national_targets": {
        "vi": "Mục tiêu quốc gia: {t2025} GDP năm 2025 và {t2030} năm 2030 (Quyết định 411).",
        "en": "National targets: {t2025} of GDP by 2025 and {t2030} by 2030 (Decision 411).",
    },
    "key_counts": {"vi": "Một số con số chính", "en": "Key figures"},
    "no_figures": {
        "vi": "Bộ dữ liệu chưa có số liệu nào của tỉnh này.",
        "en": "The dataset holds no figure for this province yet.",
    },
    "trend_alt": {
        "vi": "Biểu đồ đường: tỷ trọng kinh tế số (%) theo năm của {province} và cả nước, "
        "với mục tiêu quốc gia {targets}. {points}",
        "en": "Line chart: digital-economy share (%) by year for {province} and the whole "
        "country, with the national targets {targets}. {points}",
    },
    "trend_ylabel": {"vi": "% GDP/GRDP", "en": "% of GDP/GRDP"},
    "trend_xlabel": {"vi": "Năm", "en": "Year"},
    "trend_title": {
        "vi": "Tỷ trọng kinh tế số: {province} và cả nước",
        "en": "Digital-economy share: {province} and Viet Nam",
    },
    "trend_gaps": {
        "vi": "Năm không có số liệu được để trống, không tính là 0. Các chuỗi khác phương pháp "
        "được vẽ riêng, không nối với nhau.",
        "en": "Years without data are gaps, not zeros. Series of different methods are drawn "
        "separately and never joined.",
    },
    "trend_none": {
        "vi": "Chưa có chuỗi số liệu nào của tỉnh để vẽ; biểu đồ chỉ có chuỗi quốc gia.",
        "en": "No provincial series to draw yet; the chart shows the national series only.",
    },
    "target_line": {"vi": "Mục tiêu {year}: {value}", "en": "Target {year}: {value}"},
    "col_indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "col_value": {"vi": "Giá trị", "en": "Value"},
    "col_year": {"vi": "Năm", "en": "Year"},
    "col_target": {"vi": "Mục tiêu", "en": "Target"},
    "col_status": {"vi": "Đánh giá", "en": "Status"},
    "col_how": {"vi": "Cách đánh giá", "en": "How it was decided"},
    "col_scope": {"vi": "Phạm vi mục tiêu", "en": "Target of"},
    "col_code": {"vi": "Mã", "en": "Code"},
    "col_source": {"vi": "Nguồn", "en": "Source"},
    "col_rank": {"vi": "Hạng", "en": "Rank"},
    "col_province": {"vi": "Tỉnh/thành", "en": "Province"},
    "col_published": {"vi": "Nguyên văn", "en": "As published"},
    "col_note": {"vi": "Ghi chú", "en": "Note"},
    "col_reported": {"vi": "Tình trạng", "en": "Reported"},
    "col_period": {"vi": "Kỳ", "en": "Period"},
    "col_kind": {"vi": "Loại", "en": "Kind"},
    "col_read_at": {"vi": "Nơi đọc", "en": "Where read"},
    "col_publisher": {"vi": "Đơn vị công bố", "en": "Publisher"},
    "col_date": {"vi": "Ngày công bố", "en": "Published"},
    "col_cites": {"vi": "Nguồn gốc được dẫn", "en": "Primary source cited"},
    "scope_national": {"vi": "Quốc gia", "en": "National"},
    "scope_province": {"vi": "Tỉnh", "en": "Province"},
    "status_met": {"vi": "Đạt", "en": "Met"},
    "status_on_track": {"vi": "Đúng hướng", "en": "On track"},
    "status_behind": {"vi": "Chậm", "en": "Behind"},
    "status_no_data": {"vi": "Chưa có số liệu", "en": "No data"},
    "how_met": {
        "vi": "Giá trị {year} đã đạt mục tiêu.",
        "en": "The {year} value already meets the target.",
    },
    "how_no_data": {
        "vi": "Tỉnh chưa có số liệu công bố cho chỉ tiêu này.",
        "en": "No published figure for this indicator in the province.",
    },
    "how_past": {
        "vi": "Đã qua năm mục tiêu và giá trị gần nhất ({year}) chưa đạt.",
        "en": "The target year has passed and the latest value ({year}) falls short.",
    },
    "how_projection_ok": {
        "vi": "Xu hướng tuyến tính của {n} điểm ({first}-{last}) đạt {projected} vào năm "
        "{target_year}.",
        "en": "A linear trend over {n} points ({first}-{last}) reaches {projected} by "
        "{target_year}.",
    },
    "how_projection_short": {
        "vi": "Xu hướng tuyến tính của {n} điểm ({first}-{last}) chỉ đạt {projected} vào năm "
        "{target_year}.",
        "en": "A linear trend over {n} points ({first}-{last}) reaches only {projected} by "
        "{target_year}.",
    },
    "how_single": {
        "vi": "Chỉ có một giá trị ({year}), thấp hơn mục tiêu; chưa đủ điểm để tính xu hướng.",
        "en": "Only one value ({year}), below the target; too few points for a trend.",
    },
    "scorecard_method": {
        "vi": "Mục tiêu quốc gia dùng làm mốc so sánh cho tỉnh. 'Đạt' khi giá trị gần nhất "
        "thỏa điều kiện của mục tiêu; 'Đúng hướng' khi xu hướng tuyến tính của cùng một chuỗi "
        "đạt mục tiêu đúng hạn; 'Chậm' trong các trường hợp còn lại.",
        "en": "National targets serve as the benchmark for the province. 'Met' when the "
        "latest value satisfies the target's comparison; 'On track' when a linear trend of "
        "the same series reaches it in time; 'Behind' otherwise.",
    },
    "reported": {"vi": "Đã có", "en": "Reported"},
    "missing": {"vi": "Còn thiếu", "en": "Missing"},
    "coverage_summary": {
        "vi": "Tỉnh có số liệu cho {n} trên {total} chỉ tiêu cấp tỉnh đã biết của bộ chỉ tiêu "
        "({total_set} chỉ tiêu; {unknown} chỉ tiêu còn lại chưa xác định được tên).",
        "en": "The province reports {n} of the {total} known provincial indicators of the set "
        "({total_set} in all; the names of the other {unknown} are not yet known).",
    },
    "coverage_related": {
        "vi": "Số liệu liên quan nhưng không cùng định nghĩa: {items}.",
        "en": "Related figures with another definition: {items}.",
    },
    "ranking_intro": {
        "vi": "Tỷ trọng kinh tế số trong GRDP năm {year} theo {series}: {n} tỉnh/thành được "
        "công bố (chỉ một chuỗi, không trộn phương pháp).",
        "en": "Digital-economy share of GRDP in {year} from the {series}: {n} provinces "
        "published (one series only; methods never mixed).",
    },
    "ranking_in": {
        "vi": "{province} xếp thứ {rank}/{n} trong các tỉnh được công bố.",
        "en": "{province} ranks {rank} of the {n} provinces published.",
    },
    "ranking_out": {
        "vi": "{province} không có trong {n} tỉnh được công bố (báo cáo chỉ nêu nhóm đầu, "
        "nhóm cuối và một số thành phố); không suy ra được thứ hạng.",
        "en": "{province} is not among the {n} provinces published (the report names only "
        "the top, the bottom and a few cities); its position cannot be inferred.",
    },
    "ranking_alt": {
        "vi": "Biểu đồ thanh ngang: tỷ trọng kinh tế số trong GRDP năm {year} của {n} tỉnh, "
        "từ {top} ({top_value}) đến {bottom} ({bottom_value}). {position}",
        "en": "Horizontal bar chart: digital-economy share of GRDP in {year} for {n} "
        "provinces, from {top} ({top_value}) to {bottom} ({bottom_value}). {position}",
    },
    "ranking_title": {
        "vi": "Tỷ trọng kinh tế số trong GRDP, {year}",
        "en": "Digital-economy share of GRDP, {year}",
    },
    "ranking_none": {
        "vi": "Chưa có bảng xếp hạng nào trong bộ dữ liệu.",
        "en": "No ranking in the dataset yet.",
    },
    "conflict_intro": {
        "vi": "Các số liệu trùng hoặc mâu thuẫn, và số liệu được dùng:",
        "en": "Duplicate or conflicting figures, and the one used:",
    },
    "conflict_none": {
        "vi": "Không có số liệu mâu thuẫn cho tỉnh này.",
        "en": "No conflicting figures for this province.",
    },
    "used": {"vi": "được dùng", "en": "used"},
    "not_used": {"vi": "không dùng", "en": "not used"},
    "method_series": {
        "vi": "Tỷ trọng kinh tế số có nhiều chuỗi: Tổng cục Thống kê (GSO, nhiều lần công bố), "
        "báo cáo thường niên của Bộ TT&TT (MIC, ước tính sơ bộ) và báo cáo của tỉnh. Các chuỗi "
        "khác phương pháp, không so sánh trực tiếp; bản tin luôn ghi rõ chuỗi.",
        "en": "The digital-economy share exists in several series: the General Statistics "
        "Office (GSO, several vintages), the MIC annual report (a preliminary estimate) and "
        "provincial reports. Their methods differ and they are not directly comparable; the "
        "brief always names the series.",
    },
    "method_weights": {
        "vi": "Không cộng hay lấy trung bình tỷ trọng giữa các tỉnh nếu không có trọng số GRDP; "
        "tỷ trọng của tỉnh đã sáp nhập không phải là tỷ trọng của tỉnh mới.",
        "en": "A share is never added or averaged across provinces without GRDP weights; the "
        "share of a merged-away province is not the share of its successor.",
    },
    "method_national": {
        "vi": "Chuỗi quốc gia dùng bản công bố mới nhất của GSO (6/1/2025).",
        "en": "The national series is the latest GSO release (6 January 2025).",
    },
    "source_note": {"vi": "Nguồn: {items}.", "en": "Source: {items}."},
    "read_at": {"vi": "đọc tại", "en": "read at"},
    "series_gso-2025": {"vi": "GSO, công bố 6/1/2025", "en": "GSO, release of 6 Jan 2025"},
    "series_gso-2024": {"vi": "GSO, công bố 2024", "en": "GSO, 2024 release"},
    "series_gso-2023-trial": {
        "vi": "GSO, tính thử 12/2023",
        "en": "GSO, trial computation Dec 2023",
    },
    "series_mic-2022": {
        "vi": "báo cáo thường niên Bộ TT&TT 2022",
        "en": "MIC annual report 2022",
    },
    "series_provincial": {"vi": "số liệu của tỉnh", "en": "provincial figures"},
    "kind_actual": {"vi": "thực tế", "en": "actual"},
    "kind_estimate": {"vi": "ước tính", "en": "estimate"},
    "kind_target": {"vi": "mục tiêu", "en": "target"},
    "kind_plan": {"vi": "kế hoạch", "en": "plan"},
    "province_vn": {"vi": "Cả nước", "en": "Viet Nam"},
    "h_dti": {
        "vi": "Chỉ số chuyển đổi số (DTI) qua các năm",
        "en": "Digital Transformation Index (DTI) over the years",
    },
    "dti_title": {"vi": "Xếp hạng DTI của {province}", "en": "DTI rank of {province}"},
    "dti_ylabel": {"vi": "Hạng (trên 63 tỉnh)", "en": "Rank (of 63 provinces)"},
    "dti_note": {
        "vi": "Hạng 1 là tốt nhất: càng thấp càng tốt (trục đảo ngược).",
        "en": "Rank 1 is best: lower is better (axis reversed).",
    },
    "dti_alt": {
        "vi": "Biểu đồ đường: hạng DTI của {province} trên 63 tỉnh theo năm, hạng 1 ở trên cùng: "
        "{points}.",
        "en": "Line chart: DTI rank of {province} among 63 provinces by year, rank 1 at the "
        "top: {points}.",
    },
    "dti_method": {
        "vi": "Năm 2020 dùng phương pháp khác các năm sau. Từ năm 2024 có thêm bảng xếp hạng "
        "theo 34 đơn vị sau sáp nhập; hai cách xếp hạng không so sánh với nhau.",
        "en": "The 2020 edition used another method than later years. From the 2024 edition a "
        "ranking of the 34 post-merger units also exists; the two bases are never compared.",
    },
    "dti_none": {
        "vi": "Chưa có hạng DTI nào của tỉnh trong bộ dữ liệu.",
        "en": "No DTI rank for this province in the dataset yet.",
    },
    "standings_intro": {
        "vi": "Vị trí của tỉnh trong mỗi chuỗi số liệu có nhiều tỉnh (mỗi dòng một chuỗi và "
        "một năm):",
        "en": "Where the province stands in each series that covers several provinces (one "
        "series and year per row):",
    },
    "col_series": {"vi": "Chuỗi", "en": "Series"},
    "col_position": {"vi": "Vị trí", "en": "Position"},
    "col_covered": {"vi": "Số tỉnh có số liệu", "en": "Provinces with data"},
    "position_rank": {
        "vi": "hạng {rank}/{basis} (hạng công bố)",
        "en": "rank {rank} of {basis} (published)",
    },
    "position_rank_open": {"vi": "hạng {rank} (hạng công bố)", "en": "rank {rank} (published)"},
    "position_among": {"vi": "thứ {rank}/{n} tỉnh có số liệu", "en": "{rank} of the {n} with data"},
    "position_none": {"vi": "không có trong chuỗi", "en": "not in the series"},
    "series_dti-63": {"vi": "DTI, 63 tỉnh", "en": "DTI, 63 provinces"},
    "series_dti-34": {"vi": "DTI, 34 đơn vị", "en": "DTI, 34 units"},
    "series_vecom-ebi": {"vi": "VECOM, EBI", "en": "VECOM, EBI"},
    "series_mic-dept": {"vi": "ước tính của Vụ KTS (Bộ TT&TT)", "en": "MIC department estimate"},
    "series_unnamed": {"vi": "không nêu nguồn", "en": "source not named"},
    "series_policy-estimate": {"vi": "ước tính chính sách", "en": "policy estimate"},
    "series_moit": {"vi": "Bộ Công Thương", "en": "MOIT"},
    "series_vecom": {"vi": "VECOM", "en": "VECOM"},
    "ov_title": {
        "vi": "Kinh tế số các tỉnh: tổng quan toàn quốc",
        "en": "Digital economy of the provinces: national overview",
    },
    "ov_intro": {
        "vi": "Các tỉnh đặt cạnh nhau theo từng chuỗi số liệu; số liệu đến năm {year}.",
        "en": "Provinces side by side, one series at a time; figures up to {year}.",
    },
    "ov_h_distribution": {
        "vi": "Phân bố tỷ trọng kinh tế số của các tỉnh",
        "en": "Distribution of provinces by digital-economy share",
    },
    "ov_dist_intro": {
        "vi": "{n} tỉnh/thành có tỷ trọng kinh tế số năm {year} theo {series}; các tỉnh khác "
        "không được công bố trong chuỗi này.",
        "en": "{n} provinces have a digital-economy share for {year} in the {series}; the "
        "others are not published in this series.",
    },
    "ov_dist_title": {
        "vi": "Tỷ trọng kinh tế số trong GRDP, {year}\n{series}",
        "en": "Digital-economy share of GRDP, {year}\n{series}",
    },
    "ov_national_line": {
        "vi": "Cả nước {year} (GSO): {value}",
        "en": "Viet Nam {year} (GSO): {value}",
    },
    "ov_dist_alt": {
        "vi": "Biểu đồ thanh ngang: tỷ trọng kinh tế số năm {year} của {n} tỉnh theo {series}, "
        "từ {top} ({top_value}) đến {bottom} ({bottom_value}); {above} tỉnh vượt mục tiêu 20% "
        "năm 2025; có đường tham chiếu cả nước và mục tiêu.",
        "en": "Horizontal bar chart: digital-economy share in {year} of {n} provinces in the "
        "{series}, from {top} ({top_value}) to {bottom} ({bottom_value}); {above} are above the "
        "20% target for 2025; reference lines for the country and the target.",
    },
    "ov_h_dti": {"vi": "Xếp hạng DTI năm {year}", "en": "DTI ranking {year}"},
    "ov_dti_intro": {
        "vi": "Hạng công bố trên 63 tỉnh năm {year} của {n} tỉnh có trong bộ dữ liệu "
        "(hạng 1 là tốt nhất).",
        "en": "Published ranks among 63 provinces in {year} for the {n} provinces in the "
        "dataset (rank 1 is best).",
    },
    "col_score": {"vi": "Điểm", "en": "Score"},
    "col_total": {"vi": "Tổng", "en": "Total"},
    "ov_h_coverage": {
        "vi": "Ma trận bao phủ: tỉnh × chỉ tiêu cấp tỉnh (Quyết định 1354)",
        "en": "Coverage matrix: provinces × provincial indicators (Decision 1354)",
    },
    "ov_cov_title": {"vi": "Chỉ tiêu đã có số liệu", "en": "Indicators with a figure"},
    "ov_cov_intro": {
        "vi": "{n} tỉnh có ít nhất một số liệu; {k} chỉ tiêu cấp tỉnh đã biết; {none} tỉnh "
        "chưa có chỉ tiêu nào của bộ.",
        "en": "{n} provinces have at least one figure; {k} known provincial indicators; {none} "
        "provinces report none of the set.",
    },
    "ov_cov_alt": {
        "vi": "Ma trận màu: {n} tỉnh (hàng) × {k} chỉ tiêu (cột); ô đậm có dấu tích là đã có "
        "số liệu. Số tỉnh có số liệu theo chỉ tiêu: {counts}.",
        "en": "Heat map: {n} provinces (rows) by {k} indicators (columns); dark ticked cells "
        "are reported. Provinces reporting each indicator: {counts}.",
    },
    "ov_h_aggregate": {
        "vi": "Tỷ trọng chung có trọng số GRDP",
        "en": "GRDP-weighted aggregate share",
    },
    "ov_agg_missing": {
        "vi": "Không tính tỷ trọng chung năm {year}: thiếu GRDP năm {year} của {provinces}.",
        "en": "No aggregate share for {year}: the {year} GRDP of {provinces} is not in the data.",
    },
    "ov_agg_value": {
        "vi": "Tỷ trọng chung năm {year}, có trọng số GRDP: {value}.",
        "en": "GRDP-weighted share in {year}: {value}.",
    },
    "index_overview": {"vi": "Tổng quan toàn quốc", "en": "National overview"},
    "index_heading": {"vi": "Bản tin tiếng Việt", "en": "Briefs in English"},
    "de_share_head": {
        "vi": "Tỷ trọng kinh tế số (GRDP)",
        "en": "Digital-economy share (GRDP)",
    },
    "coverage_head": {
        "vi": "Chỉ tiêu cấp tỉnh đã có",
        "en": "Provincial indicators reported",
    },
    "as_of_head": {"vi": "Số liệu đến năm", "en": "As of"},
    "last_run_head": {"vi": "Lần chạy gần nhất", "en": "Last run"},
}

STATUS_KEYS = ("met", "on_track", "behind", "no_data")


def t(key: str, lang: str, **values) -> str:
    """Return the string ``key`` in ``lang``, with ``values`` filled in.

    Parameters
    ----------
    key : str
        Catalog key.
    lang : {"vi", "en"}
        Language.
    **values
        Placeholders of the string.

    Returns
    -------
    str
        The text (plain text: escape it before putting it in HTML).

    Raises
    ------
    KeyError
        For an unknown key.
    ValueError
        For an unsupported language.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return CATALOG[key][lang].format(**values)
