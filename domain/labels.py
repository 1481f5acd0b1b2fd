"""Vietnamese names of tables and columns, for the admin and for error messages.

Columns keep English names in code and in the database; people read these.
"""

TABLE_LABELS: dict[str, str] = {
    "unit": "Đơn vị công đoàn",
    "cluster": "Cụm, khối thi đua",
    "cluster_member": "Thành viên cụm thi đua",
    "programme": "Chương trình",
    "phase": "Giai đoạn",
    "target": "Chỉ tiêu",
    "initiative": "Sáng kiến",
    "author": "Tác giả",
    "authorship": "Tác giả của sáng kiến",
    "status_change": "Lịch sử trạng thái",
    "commendation": "Khen thưởng",
    "account_profile": "Phân quyền tài khoản",
    "api_token": "Mã truy cập API",
    "piccolo_user": "Tài khoản",
    "sessions": "Phiên đăng nhập",
}

_COMMON = {"id": "Mã số", "code": "Mã", "name": "Tên", "unit": "Đơn vị"}

COLUMN_LABELS: dict[str, dict[str, str]] = {
    "unit": {
        "code": "Mã đơn vị",
        "name": "Tên đơn vị",
        "kind": "Loại đơn vị",
        "parent": "Công đoàn cấp trên trực tiếp",
        "active": "Đang hoạt động",
        "path": "Đường dẫn trong cây (tự động)",
        "depth": "Cấp trong cây (tự động)",
    },
    "cluster": {"code": "Mã cụm", "name": "Tên cụm, khối", "description": "Mô tả"},
    "cluster_member": {"cluster": "Cụm, khối thi đua", "unit": "Đơn vị"},
    "programme": {"code": "Mã chương trình", "name": "Tên chương trình", "description": "Mô tả"},
    "phase": {
        "programme": "Chương trình",
        "code": "Mã giai đoạn",
        "name": "Tên giai đoạn",
        "start_date": "Từ ngày",
        "end_date": "Đến ngày",
    },
    "target": {
        "unit": "Đơn vị",
        "phase": "Giai đoạn",
        "programme": "Cả chương trình",
        "quota": "Chỉ tiêu (số sáng kiến)",
    },
    "initiative": {
        "code": "Mã sáng kiến",
        "title": "Tên sáng kiến",
        "summary": "Tóm tắt nội dung",
        "field": "Lĩnh vực",
        "solution_type": "Loại giải pháp",
        "unit": "Đơn vị (công đoàn cơ sở của tác giả)",
        "reviewing_unit": "Công đoàn cấp trên trực tiếp (nơi duyệt)",
        "submitted_on": "Ngày gửi",
        "first_applied_on": "Ngày áp dụng lần đầu",
        "benefit_vnd": "Giá trị làm lợi (đồng)",
        "recognition_form": "Hình thức công nhận",
        "decision_number": "Số quyết định",
        "decision_date": "Ngày quyết định",
        "issuing_body": "Cơ quan ban hành",
        "recognition_scope": "Phạm vi công nhận",
        "confidential": "Bảo mật",
        "status": "Trạng thái",
        "decided_at": "Thời điểm duyệt",
        "decided_by": "Người duyệt",
        "decision_note": "Ý kiến khi duyệt",
        "created_at": "Ngày tạo",
    },
    "author": {
        "name": "Họ và tên",
        "birth_year": "Năm sinh",
        "position": "Chức vụ",
        "workplace": "Nơi làm việc",
        "unit": "Đơn vị quản lý hồ sơ",
    },
    "authorship": {
        "initiative": "Sáng kiến",
        "author": "Tác giả",
        "share": "Tỷ lệ đóng góp (%)",
    },
    "status_change": {
        "initiative": "Sáng kiến",
        "from_status": "Từ trạng thái",
        "to_status": "Sang trạng thái",
        "actor": "Người thực hiện",
        "at": "Thời điểm",
        "note": "Ghi chú",
        "batch": "Đợt xử lý",
    },
    "commendation": {
        "recipient_kind": "Đối tượng",
        "unit": "Tập thể (đơn vị)",
        "author": "Cá nhân (tác giả)",
        "phase": "Giai đoạn",
        "form": "Hình thức khen thưởng",
        "decision_number": "Số quyết định",
        "decision_date": "Ngày quyết định",
        "reason": "Lý do, thành tích",
    },
    "account_profile": {"user": "Tài khoản", "unit": "Đơn vị", "role": "Vai trò"},
    "api_token": {
        "user": "Tài khoản",
        "name": "Tên gợi nhớ",
        "prefix": "Tiền tố",
        "token_hash": "Mã băm",
        "created_at": "Ngày tạo",
        "expires_at": "Hết hạn",
        "revoked_at": "Thu hồi lúc",
        "last_used_at": "Dùng lần cuối",
    },
    "piccolo_user": {
        "username": "Tên đăng nhập",
        "password": "Mật khẩu",
        "first_name": "Tên",
        "last_name": "Họ",
        "email": "Thư điện tử",
        "active": "Đang hoạt động",
        "admin": "Được vào trang quản trị",
        "superuser": "Quản trị cao nhất",
        "last_login": "Đăng nhập lần cuối",
    },
    "sessions": {
        "token": "Mã phiên",
        "user_id": "Tài khoản",
        "expiry_date": "Hết hạn",
        "max_expiry_date": "Hết hạn tối đa",
    },
}


def column_label(table: str, column: str) -> str:
    return COLUMN_LABELS.get(table, {}).get(column) or _COMMON.get(column) or column
