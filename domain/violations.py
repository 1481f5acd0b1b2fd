"""Turn a database's refusal into a sentence an office worker can act on.

Every CHECK, trigger and unique index has a name (CHECKs and indexes: the
baseline migrations; triggers: db/). PostgreSQL names it in the error; each name
maps to one message here.
"""

import re

from domain.labels import column_label

MESSAGES: dict[str, str] = {
    # The tree
    "unit_no_cycle": (
        "Không thể chọn công đoàn cấp trên này: đơn vị được chọn nằm trong chính nhánh "
        "của đơn vị đang sửa (sẽ tạo vòng lặp trong cây). Hãy chọn một đơn vị khác."
    ),
    "unit_not_own_parent": "Một đơn vị không thể là công đoàn cấp trên của chính nó.",
    "unit_single_root": (
        "Chỉ có một đơn vị gốc (Tổng Liên đoàn). Hãy chọn công đoàn cấp trên trực tiếp "
        "cho đơn vị này."
    ),
    "unit_has_children": (
        "Không thể xoá đơn vị còn đơn vị trực thuộc. Hãy chuyển hoặc xoá các đơn vị "
        "trực thuộc trước, hoặc đánh dấu đơn vị là ngừng hoạt động."
    ),
    "unit_has_initiatives": (
        "Không thể xoá đơn vị đã có sáng kiến (gửi từ đơn vị hoặc gửi đến đơn vị duyệt). "
        "Hãy đánh dấu đơn vị là ngừng hoạt động thay vì xoá."
    ),
    "unit_kind_check": "Loại đơn vị không hợp lệ. Hãy chọn một loại trong danh sách.",
    "unit_code_not_blank": "Mã đơn vị không được để trống.",
    "unit_name_not_blank": "Tên đơn vị không được để trống.",
    "unit_code_key": "Mã đơn vị này đã tồn tại. Hãy dùng một mã khác.",
    # Clusters
    "cluster_code_not_blank": "Mã cụm thi đua không được để trống.",
    "cluster_code_key": "Mã cụm thi đua này đã tồn tại. Hãy dùng một mã khác.",
    "cluster_member_unique": "Đơn vị này đã là thành viên của cụm thi đua.",
    # Programmes, phases, targets
    "programme_code_not_blank": "Mã chương trình không được để trống.",
    "programme_code_key": "Mã chương trình này đã tồn tại. Hãy dùng một mã khác.",
    "phase_code_not_blank": "Mã giai đoạn không được để trống.",
    "phase_code_key": "Mã giai đoạn này đã tồn tại. Hãy dùng một mã khác.",
    "phase_dates_order": "Ngày bắt đầu của giai đoạn phải trước hoặc bằng ngày kết thúc.",
    "phase_overlap": (
        "Thời gian của giai đoạn trùng với một giai đoạn khác của cùng chương trình. "
        "Các giai đoạn của một chương trình không được chồng lên nhau."
    ),
    "target_quota_non_negative": "Chỉ tiêu phải là số không âm.",
    "target_phase_or_programme": (
        "Chỉ tiêu phải gắn với đúng một trong hai: một giai đoạn, hoặc cả chương trình."
    ),
    "target_unit_phase_unique": (
        "Đơn vị này đã có chỉ tiêu cho giai đoạn này. Hãy sửa chỉ tiêu đã có."
    ),
    "target_unit_programme_unique": (
        "Đơn vị này đã có chỉ tiêu cho cả chương trình. Hãy sửa chỉ tiêu đã có."
    ),
    # Initiatives and authors
    "initiative_code_key": "Mã sáng kiến này đã tồn tại. Hãy dùng một mã khác.",
    "initiative_code_not_blank": "Mã sáng kiến không được để trống.",
    "initiative_title_not_blank": "Tên sáng kiến không được để trống.",
    "initiative_field_check": "Lĩnh vực không hợp lệ. Hãy chọn trong danh sách.",
    "initiative_solution_type_check": "Loại giải pháp không hợp lệ. Hãy chọn trong danh sách.",
    "initiative_recognition_form_check": (
        "Hình thức công nhận không hợp lệ. Hãy chọn trong danh sách."
    ),
    "initiative_recognition_scope_check": (
        "Phạm vi công nhận không hợp lệ. Hãy chọn trong danh sách."
    ),
    "initiative_status_check": "Trạng thái không hợp lệ.",
    "initiative_benefit_non_negative": (
        "Giá trị làm lợi không được âm. Để trống nếu không tính được thành tiền."
    ),
    "initiative_benefit_at_most": (
        "Giá trị làm lợi tối đa là 999.999.999.999.999 đồng (15 chữ số). Hãy kiểm tra lại số"
        " tiền, nhập theo đồng."
    ),
    "initiative_submitted_unless_draft": ("Sáng kiến đã gửi phải có ngày gửi. Hãy nhập ngày gửi."),
    "author_name_not_blank": "Họ tên tác giả không được để trống.",
    "author_birth_year_range": "Năm sinh phải trong khoảng 1900–2100, hoặc để trống.",
    "authorship_share_range": "Tỷ lệ đóng góp phải lớn hơn 0 và không quá 100%.",
    "authorship_share_total": (
        "Tổng tỷ lệ đóng góp của các tác giả một sáng kiến không được vượt quá 100%."
    ),
    "authorship_unique": "Tác giả này đã có trong danh sách tác giả của sáng kiến.",
    "status_change_from_check": "Trạng thái không hợp lệ.",
    "status_change_to_check": "Trạng thái không hợp lệ.",
    # Commendations
    "commendation_recipient_kind_check": "Đối tượng khen thưởng không hợp lệ.",
    "commendation_form_check": "Hình thức khen thưởng không hợp lệ.",
    "commendation_recipient": (
        "Khen thưởng tập thể phải chọn đơn vị (không chọn tác giả); khen thưởng cá nhân "
        "phải chọn tác giả (không chọn đơn vị)."
    ),
    # Accounts
    "account_profile_role_check": "Vai trò không hợp lệ.",
    "account_profile_unit": "Tài khoản không phải quản trị hệ thống phải thuộc một đơn vị.",
    "account_profile_user_key": "Tài khoản này đã được phân quyền. Hãy sửa bản phân quyền đã có.",
    "api_token_token_hash_key": "Mã truy cập bị trùng. Hãy tạo lại.",
    # Scope (a unit's account writes only inside its own part of the tree)
    "unit_out_of_scope": (
        "Công đoàn cấp trên phải là đơn vị của bạn hoặc một đơn vị trực thuộc. Không thể tạo "
        "đơn vị ngoài phạm vi, hay chuyển đơn vị của chính mình sang cấp trên khác."
    ),
    "target_out_of_scope": (
        "Chỉ tiêu chỉ giao được cho các đơn vị trực thuộc đơn vị của bạn; chỉ tiêu của chính "
        "đơn vị bạn do công đoàn cấp trên giao."
    ),
    "cluster_member_out_of_scope": (
        "Chỉ đưa được đơn vị của bạn hoặc đơn vị trực thuộc vào cụm thi đua."
    ),
    "initiative_unit_out_of_scope": (
        "Đơn vị của sáng kiến phải là đơn vị của bạn hoặc một đơn vị trực thuộc."
    ),
    "initiative_out_of_scope": (
        "Sau thay đổi này sáng kiến sẽ nằm ngoài phạm vi đơn vị của bạn, nên không lưu được. "
        "Để chuyển sáng kiến cho công đoàn cấp trên khác, hãy dùng chức năng chuyển duyệt."
    ),
    "author_out_of_scope": (
        "Tác giả phải thuộc đơn vị của bạn hoặc một đơn vị trực thuộc (trường «Đơn vị»)."
    ),
    "authorship_out_of_scope": ("Chỉ gắn được tác giả và sáng kiến thuộc phạm vi đơn vị của bạn."),
    "commendation_out_of_scope": (
        "Chỉ khen thưởng được đơn vị, tác giả thuộc phạm vi đơn vị của bạn."
    ),
    # Issue 13 (R): routing, decided records, sound values (db/rules/, migration
    # 2026-11-29T20:15:13). The *_not_blank names above now also refuse a text of
    # only invisible characters (zero-width spaces and the like).
    "initiative_sent_to_parent": (
        "Sáng kiến được gửi đến công đoàn cấp trên trực tiếp của đơn vị có sáng kiến; hệ "
        "thống tự điền đơn vị duyệt (để trống trường này). Muốn chuyển sáng kiến đang chờ "
        "duyệt cho đơn vị khác, lãnh đạo đơn vị duyệt dùng thao tác «Chuyển đơn vị duyệt» "
        "của quy trình duyệt."
    ),
    "initiative_no_upper_union": (
        "Đơn vị này không có công đoàn cấp trên trực tiếp nên không có nơi duyệt sáng kiến. "
        "Hãy chọn đúng đơn vị của tác giả."
    ),
    "initiative_decided_locked": (
        "Sáng kiến đã được công nhận hoặc không được công nhận nên không sửa, không xoá được. "
        "Nếu cần sửa, đề nghị lãnh đạo đơn vị duyệt mở lại sáng kiến (trả lại để bổ sung), "
        "sửa rồi gửi lại."
    ),
    "authorship_decided_locked": (
        "Sáng kiến đã được công nhận hoặc không được công nhận nên không thêm, sửa, xoá tác giả "
        "hay tỷ lệ đóng góp được. Nếu cần sửa, đề nghị lãnh đạo đơn vị duyệt mở lại sáng kiến "
        "trước."
    ),
    "author_decided_locked": (
        "Tác giả này có sáng kiến đã được công nhận hoặc không được công nhận, nên không sửa, "
        "không xoá được hồ sơ tác giả. Nếu cần sửa, đề nghị lãnh đạo đơn vị duyệt mở lại "
        "sáng kiến đó trước."
    ),
    "initiative_sent_not_deleted": (
        "Chỉ xoá được sáng kiến ở trạng thái nháp. Sáng kiến đã gửi được giữ lại trong hồ sơ: "
        "muốn huỷ, hãy rút sáng kiến (trạng thái «Đã rút»)."
    ),
    "initiative_submitted_by_sending": (
        "Ngày gửi do hệ thống ghi khi sáng kiến được gửi duyệt (đó là ngày quyết định sáng kiến "
        "được tính vào giai đoạn nào), nên không nhập hay sửa được. Hãy để trống ô «Ngày gửi»."
    ),
    "initiative_status_by_workflow": (
        "Trạng thái, thời điểm duyệt, người duyệt và ý kiến duyệt chỉ thay đổi qua quy trình "
        "duyệt sáng kiến (gửi, duyệt, trả lại…), để mọi thay đổi đều được ghi lại."
    ),
    "initiative_created_undecided": (
        "Sáng kiến mới chỉ được tạo ở trạng thái «Nháp», chưa có thời điểm duyệt, người "
        "duyệt hay ý kiến duyệt; sau đó gửi duyệt qua trang «Gửi sáng kiến» (/send) hoặc biểu "
        "mẫu «Gửi, gửi lại hoặc rút sáng kiến»."
    ),
    "initiative_submitted_in_future": (
        "Ngày gửi không được sau ngày hôm nay (giờ Việt Nam). Hãy nhập đúng ngày sáng kiến "
        "được gửi."
    ),
    "initiative_applied_in_future": (
        "Ngày áp dụng lần đầu không được sau ngày hôm nay (giờ Việt Nam). Hãy nhập ngày sáng "
        "kiến đã được áp dụng."
    ),
    "initiative_decision_in_future": (
        "Ngày quyết định công nhận không được sau ngày hôm nay (giờ Việt Nam). Hãy nhập ngày "
        "ghi trên quyết định."
    ),
    "initiative_pending_unit_fixed": (
        "Không đổi được đơn vị của sáng kiến đang chờ duyệt: đơn vị duyệt đang xem xét nó. "
        "Hãy rút lại sáng kiến rồi sửa và gửi lại, hoặc đợi kết quả duyệt."
    ),
    "initiative_submitted_since_2000": (
        "Ngày gửi phải từ ngày 01/01/2000 trở về sau. Hãy kiểm tra lại năm đã nhập."
    ),
    "initiative_applied_before_submitted": (
        "Ngày áp dụng lần đầu không được sau ngày gửi: sáng kiến phải được áp dụng trước khi gửi."
    ),
    "initiative_decision_before_submitted": (
        "Ngày quyết định công nhận không được sau ngày gửi: sáng kiến được đơn vị công nhận "
        "trước khi gửi."
    ),
    "unit_code_any_case": (
        "Mã đơn vị này đã tồn tại (có thể khác chữ hoa, chữ thường). Hãy dùng một mã khác."
    ),
    "cluster_code_any_case": (
        "Mã cụm thi đua này đã tồn tại (có thể khác chữ hoa, chữ thường). Hãy dùng một mã khác."
    ),
    "programme_code_any_case": (
        "Mã chương trình này đã tồn tại (có thể khác chữ hoa, chữ thường). Hãy dùng một mã khác."
    ),
    "phase_code_any_case": (
        "Mã giai đoạn này đã tồn tại (có thể khác chữ hoa, chữ thường). Hãy dùng một mã khác."
    ),
    "initiative_code_any_case": (
        "Mã sáng kiến này đã tồn tại (có thể khác chữ hoa, chữ thường). Hãy dùng một mã khác, "
        "hoặc để trống để hệ thống tự cấp mã."
    ),
    "unit_code_trimmed": "Mã đơn vị không được có khoảng trắng ở đầu hoặc cuối.",
    "cluster_code_trimmed": "Mã cụm thi đua không được có khoảng trắng ở đầu hoặc cuối.",
    "programme_code_trimmed": "Mã chương trình không được có khoảng trắng ở đầu hoặc cuối.",
    "phase_code_trimmed": "Mã giai đoạn không được có khoảng trắng ở đầu hoặc cuối.",
    "initiative_code_trimmed": "Mã sáng kiến không được có khoảng trắng ở đầu hoặc cuối.",
    "cluster_name_not_blank": "Tên cụm thi đua không được để trống.",
    "programme_name_not_blank": "Tên chương trình không được để trống.",
    "phase_name_not_blank": "Tên giai đoạn không được để trống.",
}

FOREIGN_KEY = (
    "Bản ghi liên quan không tồn tại, hoặc bản ghi này đang được nơi khác sử dụng nên "
    "không thể xoá."
)
UNKNOWN = "Dữ liệu không hợp lệ nên chưa được lưu. Hãy kiểm tra lại các trường đã nhập."


def explain(error: BaseException | str) -> str:
    """A Vietnamese message for a database error, naming what to fix."""
    text = str(error).strip()
    name = getattr(error, "constraint_name", None)
    if name in MESSAGES:
        return MESSAGES[name]
    if text in MESSAGES:
        return MESSAGES[text]
    for quoted in re.findall(r"\"([^\"]+)\"", text):
        if quoted in MESSAGES:
            return MESSAGES[quoted]
    if match := re.search(r'null value in column "(\w+)" of relation "(\w+)"', text):
        return _required(match.group(2), match.group(1))
    if "FOREIGN KEY" in text.upper():
        return FOREIGN_KEY
    return UNKNOWN


def _required(table: str, column: str) -> str:
    return f"Trường «{column_label(table, column)}» là bắt buộc."
