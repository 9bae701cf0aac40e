"""Demo content in Vietnamese and French: the ceremony, rooms, sessions, subcommittees and milestones.

Organisers enter these per language (django-modeltranslation's ``<field>_vi`` / ``<field>_fr`` columns);
the demo fills them for the texts the other seeders create, so a Vietnamese or French reader sees the
demo as the host would publish it. Runs last in ``DEMO_SEEDERS``; idempotent; a text it does not know
stays empty and reads in English (the fallback).
"""

import re

from django.apps import apps

CEREMONY = {
    "name": (
        "Công ước của Liên hợp quốc về chống tội phạm mạng; tăng cường hợp tác quốc tế trong đấu tranh chống "
        "một số tội phạm được thực hiện bằng hệ thống công nghệ thông tin và truyền thông và chia sẻ chứng cứ "
        "điện tử của tội phạm nghiêm trọng",
        "Convention des Nations Unies contre la cybercriminalité ; renforcement de la coopération "
        "internationale pour la lutte contre certaines infractions commises au moyen de systèmes "
        "d'information et de communication et pour la communication de preuves sous forme électronique "
        "d'infractions graves",
    ),
    "short_name": ("Công ước Hà Nội", "Convention de Hanoï"),
    "theme": (
        "Chống tội phạm mạng – Chia sẻ trách nhiệm – Hướng tới tương lai",
        "Lutter contre la cybercriminalité – Partager les responsabilités – Sécuriser notre avenir",
    ),
    "venue": ("Trung tâm Hội nghị Quốc gia", "Centre national des congrès"),
    "city": ("Hà Nội", "Hanoï"),
}

ROOMS = {
    "Banquet Hall": ("Phòng Tiệc", "Salle des banquets"),
    "Bilateral meeting suite": ("Khu gặp song phương", "Espace des réunions bilatérales"),
    "Conference Hall 1": ("Hội trường 1", "Salle de conférence 1"),
    "Conference Hall 2": ("Hội trường 2", "Salle de conférence 2"),
    "Exhibition Hall": ("Sảnh Triển lãm", "Hall d'exposition"),
    "Plenary Hall": ("Hội trường Toàn thể", "Salle plénière"),
    "Press Centre": ("Trung tâm Báo chí", "Centre de presse"),
    "VIP Lobby": ("Sảnh VIP", "Salon VIP"),
}
ROOM_PATTERNS = [(re.compile(r"^Meeting room (\d+)$"), ("Phòng họp {0}", "Salle de réunion {0}"))]

TITLES = {
    "Bilateral meetings": ("Các cuộc gặp song phương", "Réunions bilatérales"),
    "Closing session": ("Phiên bế mạc", "Séance de clôture"),
    "Gala dinner": ("Tiệc chiêu đãi", "Dîner de gala"),
    "Group photo of heads of delegation": (
        "Chụp ảnh chung các Trưởng đoàn",
        "Photo de groupe des chefs de délégation",
    ),
    "International cooperation and electronic evidence": (
        "Hợp tác quốc tế và chứng cứ điện tử",
        "Coopération internationale et preuves électroniques",
    ),
    "Lunch": ("Ăn trưa", "Déjeuner"),
    "Official welcome of heads of delegation": (
        "Đón chính thức các Trưởng đoàn",
        "Accueil officiel des chefs de délégation",
    ),
    "Opening session": ("Phiên khai mạc", "Séance d'ouverture"),
    "Plenary: Countering Cybercrime – Sharing Responsibility – Securing our Future": (
        "Phiên toàn thể: Chống tội phạm mạng – Chia sẻ trách nhiệm – Hướng tới tương lai",
        "Séance plénière : Lutter contre la cybercriminalité – Partager les responsabilités – Sécuriser notre avenir",
    ),
    "Press conference of the co-chairs": (
        "Họp báo của các đồng Chủ tọa",
        "Conférence de presse des coprésidents",
    ),
    "Roundtable 1: Ministers of Justice and Interior": (
        "Hội nghị bàn tròn 1: Bộ trưởng Tư pháp và Nội vụ",
        "Table ronde 1 : ministres de la justice et de l'intérieur",
    ),
    "Roundtable 2: Prosecutors and central authorities": (
        "Hội nghị bàn tròn 2: Công tố viên và cơ quan trung ương",
        "Table ronde 2 : procureurs et autorités centrales",
    ),
    "Roundtable 3: Private sector and service providers": (
        "Hội nghị bàn tròn 3: Khu vực tư nhân và nhà cung cấp dịch vụ",
        "Table ronde 3 : secteur privé et fournisseurs de services",
    ),
    "Roundtable 4: Civil society and academia": (
        "Hội nghị bàn tròn 4: Xã hội dân sự và giới học thuật",
        "Table ronde 4 : société civile et milieux universitaires",
    ),
    "Securing our future: emerging technologies and crime": (
        "Hướng tới tương lai: công nghệ mới nổi và tội phạm",
        "Sécuriser notre avenir : technologies émergentes et criminalité",
    ),
    "Sharing responsibility: implementing the Hanoi Convention": (
        "Chia sẻ trách nhiệm: thực thi Công ước Hà Nội",
        "Partager les responsabilités : mettre en œuvre la Convention de Hanoï",
    ),
    "Signing ceremony of the Hanoi Convention": (
        "Lễ ký Công ước Hà Nội",
        "Cérémonie de signature de la Convention de Hanoï",
    ),
    "Technical assistance and capacity building": (
        "Hỗ trợ kỹ thuật và nâng cao năng lực",
        "Assistance technique et renforcement des capacités",
    ),
    "Technology Exhibition (day 1)": ("Triển lãm Công nghệ (ngày 1)", "Exposition technologique (jour 1)"),
    "Technology Exhibition (day 2)": ("Triển lãm Công nghệ (ngày 2)", "Exposition technologique (jour 2)"),
    "Transfer to the gala dinner": ("Di chuyển đến tiệc chiêu đãi", "Transfert vers le dîner de gala"),
}
TOPICS = {
    "Electronic evidence across borders": (
        "Chứng cứ điện tử xuyên biên giới",
        "Les preuves électroniques au-delà des frontières",
    ),
    "Protecting children online": ("Bảo vệ trẻ em trên không gian mạng", "Protéger les enfants en ligne"),
    "Ransomware and critical infrastructure": (
        "Mã độc tống tiền và hạ tầng trọng yếu",
        "Rançongiciels et infrastructures critiques",
    ),
    "Capacity building for developing States": (
        "Nâng cao năng lực cho các quốc gia đang phát triển",
        "Renforcement des capacités des États en développement",
    ),
    "Human rights safeguards in cybercrime investigations": (
        "Bảo đảm quyền con người trong điều tra tội phạm mạng",
        "Garanties des droits de l'homme dans les enquêtes sur la cybercriminalité",
    ),
    "Public–private cooperation against online fraud": (
        "Hợp tác công – tư chống lừa đảo trực tuyến",
        "Coopération public-privé contre la fraude en ligne",
    ),
    "Cryptocurrency tracing and asset recovery": (
        "Truy vết tiền mã hóa và thu hồi tài sản",
        "Traçage des cryptomonnaies et recouvrement des avoirs",
    ),
    "24/7 networks for urgent assistance": (
        "Mạng lưới 24/7 hỗ trợ khẩn cấp",
        "Réseaux 24/7 d'assistance urgente",
    ),
    "Gender perspectives on cybercrime": (
        "Góc nhìn giới về tội phạm mạng",
        "La cybercriminalité sous l'angle du genre",
    ),
    "Artificial intelligence and crime": (
        "Trí tuệ nhân tạo và tội phạm",
        "Intelligence artificielle et criminalité",
    ),
    "Cybercrime in small island developing States": (
        "Tội phạm mạng tại các quốc đảo nhỏ đang phát triển",
        "La cybercriminalité dans les petits États insulaires en développement",
    ),
    "Training judges and prosecutors": (
        "Đào tạo thẩm phán và công tố viên",
        "Former les juges et les procureurs",
    ),
    "Victims' rights and support": ("Quyền và hỗ trợ nạn nhân", "Droits et soutien des victimes"),
    "Data protection and mutual legal assistance": (
        "Bảo vệ dữ liệu và tương trợ tư pháp",
        "Protection des données et entraide judiciaire",
    ),
    "Regional cooperation in South-East Asia": (
        "Hợp tác khu vực tại Đông Nam Á",
        "Coopération régionale en Asie du Sud-Est",
    ),
    "Academia's role in implementation": (
        "Vai trò của giới học thuật trong thực thi",
        "Le rôle des milieux universitaires dans la mise en œuvre",
    ),
    "Technical assistance under the Convention": (
        "Hỗ trợ kỹ thuật theo Công ước",
        "L'assistance technique au titre de la Convention",
    ),
    "Online scams and trafficking in persons": (
        "Lừa đảo trực tuyến và mua bán người",
        "Escroqueries en ligne et traite des personnes",
    ),
    "Preserving stored computer data": (
        "Bảo quản dữ liệu máy tính được lưu trữ",
        "Conservation des données informatiques stockées",
    ),
    "From signature to ratification": ("Từ ký kết đến phê chuẩn", "De la signature à la ratification"),
}
TITLE_PATTERNS = [
    (re.compile(r"^Workshop (\d+): (.+)$"), ("Hội thảo {0}: {1}", "Atelier {0} : {1}")),
    (
        re.compile(r"^High-level side event (\d+): (.+)$"),
        ("Sự kiện bên lề cấp cao {0}: {1}", "Manifestation parallèle de haut niveau {0} : {1}"),
    ),
]
DESCRIPTIONS = {
    "Opening for signature, run with the UN Office of Legal Affairs.": (
        "Lễ mở ký, phối hợp với Văn phòng Pháp chế Liên hợp quốc.",
        "Ouverture à la signature, organisée avec le Bureau des affaires juridiques de l'ONU.",
    ),
    "Remarks by the co-chairs: the State President of Viet Nam and the Secretary-General of the United Nations.": (
        "Phát biểu của các đồng Chủ tọa: Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam và Tổng Thư ký Liên hợp quốc.",
        "Allocutions des coprésidents : le Président de l'État du Viet Nam et le Secrétaire général de l'Organisation des Nations Unies.",
    ),
}
DESCRIPTION_PATTERN = re.compile(r"^Organised by (.+)\. (.+): experience, good practice and next steps\.$")
SUBCOMMITTEES = {
    "Content": ("Tiểu ban Nội dung", "Sous-comité du contenu"),
    "Reception": ("Tiểu ban Lễ tân", "Sous-comité de l'accueil"),
    "Communications and Culture": (
        "Tiểu ban Tuyên truyền và Văn hóa",
        "Sous-comité Communication et culture",
    ),
    "Security and Health": ("Tiểu ban An ninh – Y tế", "Sous-comité Sécurité et santé"),
    "Finance and Logistics": ("Tiểu ban Tài chính – Hậu cần", "Sous-comité Finances et logistique"),
}
MILESTONES = {
    "Plan for the co-chaired press conference reported": (
        "Báo cáo kế hoạch họp báo do các đồng Chủ tọa chủ trì",
        "Plan de la conférence de presse des coprésidents présenté",
    ),
    "Preliminary review": ("Sơ duyệt", "Examen préliminaire"),
    "Rehearsal presided by the President": (
        "Tổng duyệt do Chủ tịch nước chủ trì",
        "Répétition générale présidée par le Président",
    ),
    "Signing ceremony of the Hanoi Convention": (
        "Lễ ký Công ước Hà Nội",
        "Cérémonie de signature de la Convention de Hanoï",
    ),
}

ZONES = {
    "Plenary hall": ("Hội trường toàn thể", "Salle plénière"),
    "Signing room": ("Phòng ký", "Salle de signature"),
    "VIP lounge": ("Phòng chờ VIP", "Salon VIP"),
    "Bilateral suite": ("Khu gặp song phương", "Espace des réunions bilatérales"),
    "Technology Exhibition": ("Triển lãm Công nghệ", "Exposition technologique"),
    "Media centre": ("Trung tâm Báo chí", "Centre des médias"),
    "Delegation offices": ("Văn phòng các đoàn", "Bureaux des délégations"),
}
CATEGORY_NAMES = {
    "Head of State or Government": (
        "Nguyên thủ quốc gia hoặc Người đứng đầu Chính phủ",
        "Chef d'État ou de gouvernement",
    ),
    "Head of delegation": ("Trưởng đoàn", "Chef de délégation"),
    "Delegate": ("Đại biểu", "Délégué"),
    "Adviser or expert": ("Cố vấn hoặc chuyên gia", "Conseiller ou expert"),
    "Security": ("An ninh", "Sécurité"),
    "Protocol or liaison officer": ("Cán bộ lễ tân hoặc liên lạc", "Agent du protocole ou de liaison"),
    "Accompanying spouse": ("Người phối ngẫu đi cùng", "Conjoint accompagnant"),
    "UN Secretariat": ("Ban Thư ký Liên hợp quốc", "Secrétariat de l'ONU"),
    "Technical and service staff": ("Nhân viên kỹ thuật và phục vụ", "Personnel technique et de service"),
    "Media": ("Báo chí", "Médias"),
    "Host staff": ("Cán bộ nước chủ nhà", "Personnel du pays hôte"),
    "Interpreter": ("Phiên dịch viên", "Interprète"),
}


def _from_patterns(text: str, patterns, topics) -> tuple[str, str] | None:
    for pattern, (vi, fr) in patterns:
        match = pattern.match(text)
        if match:
            parts = list(match.groups())
            if len(parts) > 1:
                topic = topics.get(parts[-1])
                if topic is None:
                    return None
                return vi.format(*parts[:-1], topic[0]), fr.format(*parts[:-1], topic[1])
            return vi.format(*parts), fr.format(*parts)
    return None


def _translate(text: str, table: dict, patterns=(), topics=None) -> tuple[str, str] | None:
    return table.get(text) or _from_patterns(text, patterns, topics or {})


def _fill(model_label: str, field: str, lookup) -> int:
    model = apps.get_model(model_label)
    changed = []
    for row in model.objects.all():
        english = getattr(row, f"{field}_en") or ""
        found = lookup(english)
        if not found:
            continue
        vi, fr = found
        if getattr(row, f"{field}_vi") != vi or getattr(row, f"{field}_fr") != fr:
            setattr(row, f"{field}_vi", vi)
            setattr(row, f"{field}_fr", fr)
            changed.append(row)
    if changed:
        model.objects.bulk_update(changed, [f"{field}_vi", f"{field}_fr"], batch_size=500)
    return len(changed)


def _description(text: str):
    if text in DESCRIPTIONS:
        return DESCRIPTIONS[text]
    match = DESCRIPTION_PATTERN.match(text)
    if match and match.group(2) in TOPICS:
        who, (topic_vi, topic_fr) = match.group(1), TOPICS[match.group(2)]
        return (
            f"Do {who} tổ chức. {topic_vi}: kinh nghiệm, thực tiễn tốt và các bước tiếp theo.",
            f"Organisé par {who}. {topic_fr} : expérience, bonnes pratiques et prochaines étapes.",
        )
    return None


def seed(*, scale: int, out) -> None:
    from hanoi_ceremony.core.pagecache import bump
    from hanoi_ceremony.core.selectors import ceremony_forget

    count = 0
    for field, pair in CEREMONY.items():
        count += _fill("core.Ceremony", field, lambda _text, pair=pair: pair)
    count += _fill("agenda.Room", "name", lambda t: _translate(t, ROOMS, ROOM_PATTERNS))
    count += _fill("agenda.Session", "title", lambda t: _translate(t, TITLES, TITLE_PATTERNS, TOPICS))
    count += _fill("agenda.Session", "description", _description)
    count += _fill("subcommittees.Subcommittee", "name", lambda t: SUBCOMMITTEES.get(t))
    count += _fill("subcommittees.Milestone", "title", lambda t: MILESTONES.get(t))
    if apps.is_installed("delegations.accreditation"):
        count += _fill("accreditation.Zone", "name", lambda t: ZONES.get(t))
        count += _fill("accreditation.BadgeCategory", "name", lambda t: CATEGORY_NAMES.get(t))
    for namespace in ("ceremony", "programme", "signing", "delegations", "subcommittees"):
        bump(namespace)
    ceremony_forget()
    out.write(f"  demo texts in Vietnamese and French: {count} rows\n")
