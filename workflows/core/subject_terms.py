"""The 主体类型 of registration-system exports, and the subject category each means.

A registration system (the market-regulation registration of 经营主体) writes the legal
form: 有限责任公司（自然人独资）, 股份有限公司（上市、国有控股）, 个人独资企业… Each is an
enterprise (企业), an individual business (个体工商户), a farmers' cooperative
(农民专业合作社) or other. These are the terms loaded with every installation
(``reference_data.load_subject_terms``); an administrator adds the ones a bureau's
exports use under 主体类型词表 in the admin. Terms compare regardless of width, case and
blanks (half- or full-width brackets alike).

The USCC says the category too: its first character 9 is market regulation, the second
1 an enterprise, 2 an individual business, 3 a cooperative (GB 32100-2015); the import
takes the code's word over the text and reports a contradiction.
"""

ENTERPRISE, INDIVIDUAL, COOPERATIVE, OTHER = "enterprise", "individual", "cooperative", "other"

TERMS: tuple[tuple[str, str], ...] = (
    ("企业", ENTERPRISE),
    ("公司", ENTERPRISE),
    ("有限责任公司", ENTERPRISE),
    ("有限责任公司（自然人独资）", ENTERPRISE),
    ("有限责任公司（自然人投资或控股）", ENTERPRISE),
    ("有限责任公司（自然人投资或控股的法人独资）", ENTERPRISE),
    ("有限责任公司（法人独资）", ENTERPRISE),
    ("有限责任公司（非自然人投资或控股的法人独资）", ENTERPRISE),
    ("有限责任公司（国有独资）", ENTERPRISE),
    ("有限责任公司（国有控股）", ENTERPRISE),
    ("有限责任公司（外商投资）", ENTERPRISE),
    ("有限责任公司（外商投资、非独资）", ENTERPRISE),
    ("有限责任公司（外国法人独资）", ENTERPRISE),
    ("有限责任公司（台港澳法人独资）", ENTERPRISE),
    ("有限责任公司（台港澳与境内合资）", ENTERPRISE),
    ("有限责任公司分公司", ENTERPRISE),
    ("有限责任公司分公司（自然人独资）", ENTERPRISE),
    ("有限责任公司分公司（自然人投资或控股）", ENTERPRISE),
    ("股份有限公司", ENTERPRISE),
    ("股份有限公司（上市）", ENTERPRISE),
    ("股份有限公司（非上市）", ENTERPRISE),
    ("股份有限公司（非上市、自然人投资或控股）", ENTERPRISE),
    ("股份有限公司（上市、国有控股）", ENTERPRISE),
    ("股份有限公司分公司", ENTERPRISE),
    ("分公司", ENTERPRISE),
    ("个人独资企业", ENTERPRISE),
    ("个人独资企业分支机构", ENTERPRISE),
    ("合伙企业", ENTERPRISE),
    ("普通合伙企业", ENTERPRISE),
    ("特殊普通合伙企业", ENTERPRISE),
    ("有限合伙企业", ENTERPRISE),
    ("合伙企业分支机构", ENTERPRISE),
    ("非公司企业法人", ENTERPRISE),
    ("全民所有制", ENTERPRISE),
    ("集体所有制", ENTERPRISE),
    ("股份制", ENTERPRISE),
    ("股份合作制", ENTERPRISE),
    ("联营", ENTERPRISE),
    ("外商投资企业", ENTERPRISE),
    ("外国（地区）企业常驻代表机构", OTHER),
    ("个体工商户", INDIVIDUAL),
    ("个体", INDIVIDUAL),
    ("个体户", INDIVIDUAL),
    ("农民专业合作社", COOPERATIVE),
    ("农民专业合作社分支机构", COOPERATIVE),
    ("农民专业合作社联合社", COOPERATIVE),
    ("其他", OTHER),
)

#: The registration statuses (登记状态) of the exports, and the subject's status each is.
REG_STATUS_TERMS: tuple[tuple[str, str], ...] = (
    ("存续", "active"),
    ("在业", "active"),
    ("开业", "active"),
    ("吊销", "revoked"),
    ("吊销，未注销", "revoked"),
    ("注销", "deregistered"),
    ("迁出", "moved_out"),
)
