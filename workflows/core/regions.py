"""The bureaus of the region: code, Chinese name, English name, kind, parent code.

GB/T 2260 codes (DOMAIN.md §2.5). Tacheng and Altay are administered by Ili. The
Corps (兵团) cities have their own market-regulation authority and are kept apart
as kind "corps" so their subjects are routed separately.
"""

REGIONAL_BUREAU_CODE = "650000"

BUREAUS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("650000", "新疆维吾尔自治区市场监督管理局", "Xinjiang Regional AMR", "region", None),
    ("650100", "乌鲁木齐市市场监督管理局", "Ürümqi AMR", "prefecture", "650000"),
    ("650200", "克拉玛依市市场监督管理局", "Karamay AMR", "prefecture", "650000"),
    ("650400", "吐鲁番市市场监督管理局", "Turpan AMR", "prefecture", "650000"),
    ("650500", "哈密市市场监督管理局", "Hami AMR", "prefecture", "650000"),
    ("652300", "昌吉回族自治州市场监督管理局", "Changji AMR", "prefecture", "650000"),
    ("652700", "博尔塔拉蒙古自治州市场监督管理局", "Bortala AMR", "prefecture", "650000"),
    ("652800", "巴音郭楞蒙古自治州市场监督管理局", "Bayingolin AMR", "prefecture", "650000"),
    ("652900", "阿克苏地区市场监督管理局", "Aksu AMR", "prefecture", "650000"),
    ("653000", "克孜勒苏柯尔克孜自治州市场监督管理局", "Kizilsu AMR", "prefecture", "650000"),
    ("653100", "喀什地区市场监督管理局", "Kashgar AMR", "prefecture", "650000"),
    ("653200", "和田地区市场监督管理局", "Hotan AMR", "prefecture", "650000"),
    ("654000", "伊犁哈萨克自治州市场监督管理局", "Ili AMR", "prefecture", "650000"),
    ("654200", "塔城地区市场监督管理局", "Tacheng AMR", "prefecture", "654000"),
    ("654300", "阿勒泰地区市场监督管理局", "Altay AMR", "prefecture", "654000"),
    ("659000", "新疆生产建设兵团市场监督管理局", "XPCC AMR", "corps", None),
    ("659001", "石河子市市场监督管理局", "Shihezi AMR", "corps", "659000"),
    ("659002", "阿拉尔市市场监督管理局", "Aral AMR", "corps", "659000"),
    ("659003", "图木舒克市市场监督管理局", "Tumxuk AMR", "corps", "659000"),
    ("659004", "五家渠市市场监督管理局", "Wujiaqu AMR", "corps", "659000"),
    ("659005", "北屯市市场监督管理局", "Beitun AMR", "corps", "659000"),
    ("659006", "铁门关市市场监督管理局", "Tiemenguan AMR", "corps", "659000"),
    ("659007", "双河市市场监督管理局", "Shuanghe AMR", "corps", "659000"),
    ("659008", "可克达拉市市场监督管理局", "Kokdala AMR", "corps", "659000"),
    ("659009", "昆玉市市场监督管理局", "Kunyu AMR", "corps", "659000"),
    ("659010", "胡杨河市市场监督管理局", "Huyanghe AMR", "corps", "659000"),
    ("659011", "新星市市场监督管理局", "Xinxing AMR", "corps", "659000"),
    ("659012", "白杨市市场监督管理局", "Baiyang AMR", "corps", "659000"),
)

#: The issuing-authority abbreviation that opens case numbers and 文号 (configurable in the admin).
DOC_PREFIXES: dict[str, str] = {
    "650000": "新市监", "650100": "乌市监", "650200": "克市监", "650400": "吐市监",
    "650500": "哈市监", "652300": "昌州市监", "652700": "博州市监", "652800": "巴州市监",
    "652900": "阿地市监", "653000": "克州市监", "653100": "喀地市监", "653200": "和地市监",
    "654000": "伊州市监", "654200": "塔地市监", "654300": "阿勒泰地市监", "659000": "兵市监",
    "659001": "石市监", "659002": "阿拉尔市监", "659003": "图市监", "659004": "五市监",
    "659005": "北屯市监", "659006": "铁门关市监", "659007": "双河市监", "659008": "可市监",
    "659009": "昆玉市监", "659010": "胡杨河市监", "659011": "新星市监", "659012": "白杨市监",
}  # fmt: skip
