"""Pools of Vietnamese names and titles for realistic demo and generated data."""

import random

SURNAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Ngô Dương Lý Ma Hà Đinh Nông Lục Triệu Lương Mạc"
).split()
MIDDLE_MALE = "Văn Đức Minh Quang Hữu Công Xuân Thanh Mạnh Trọng".split()
MIDDLE_FEMALE = "Thị Thu Ngọc Thanh Minh Hồng Kim Thuý Phương Mai".split()
GIVEN_MALE = "An Bình Cường Dũng Hải Hùng Long Nam Quân Sơn Tuấn Tú Thắng Toàn Việt Hiếu".split()
GIVEN_FEMALE = "Hà Hằng Hạnh Hương Lan Linh Mai Nga Phương Thảo Trang Vân Yến Huyền Nhung".split()

POSITIONS = (
    "Công nhân",
    "Kỹ sư",
    "Tổ trưởng sản xuất",
    "Giáo viên",
    "Bác sĩ",
    "Điều dưỡng",
    "Chuyên viên",
    "Kế toán",
    "Trưởng phòng",
    "Phó Giám đốc",
    "Kỹ thuật viên",
    "Cán bộ công đoàn",
)

SUBJECTS = (
    "dây chuyền lắp ráp",
    "quy trình kiểm tra chất lượng",
    "hệ thống cấp nước",
    "quản lý hồ sơ",
    "công tác tuyển sinh",
    "khám chữa bệnh ngoại trú",
    "quản lý kho vật tư",
    "bảo dưỡng thiết bị",
    "chăm sóc cây chè",
    "xử lý nước thải",
    "quản lý tài chính công đoàn",
    "giải quyết thủ tục hành chính",
    "đào tạo công nhân mới",
    "vận hành lò hơi",
    "phòng chống cháy nổ",
    "quản lý đoàn viên",
)
VERBS = (
    "Cải tiến",
    "Hợp lý hoá",
    "Số hoá",
    "Tự động hoá",
    "Đổi mới",
    "Nâng cao hiệu quả",
    "Giải pháp tiết kiệm chi phí trong",
    "Ứng dụng phần mềm vào",
)


def person(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"


def title(rng: random.Random, place: str) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} tại {place}"


def benefit_vnd(rng: random.Random) -> int | None:
    """Mostly millions to a few billion VND; a fifth not calculable; a few zero."""
    roll = rng.random()
    if roll < 0.2:
        return None
    if roll < 0.25:
        return 0
    return round(10 ** rng.uniform(6, 9.7), -3)
