"""Vietnamese for every interface string of Piccolo Admin (it ships none).

`tests/test_admin.py::test_vietnamese_is_the_default_and_complete` checks that
no key of the upstream English translation is missing here, so an upgrade that
adds strings fails loudly.
"""

from piccolo_admin.translations.data import ENGLISH
from piccolo_admin.translations.models import Translation

VIETNAMESE = Translation(
    language_name="Tiếng Việt",
    language_code="vi",
    translations={
        "About": "Giới thiệu",
        "Add Row": "Thêm bản ghi",
        "Add": "Thêm",
        "Apply": "Áp dụng",
        "Ascending": "Tăng dần",
        "Back to home page": "Về trang chủ",
        "Back": "Quay lại",
        "Change Password": "Đổi mật khẩu",
        "Clear filters": "Xoá bộ lọc",
        "Close": "Đóng",
        "Comma": "Dấu phẩy",
        "Create": "Tạo mới",
        "Current password": "Mật khẩu hiện tại",
        "Dark Mode": "Giao diện tối",
        "Days": "Ngày",
        "Delete": "Xoá",
        "Delimiter": "Ký tự phân cách",
        "Descending": "Giảm dần",
        "Download": "Tải xuống",
        "Download failed": "Tải xuống không thành công",
        "Download successful": "Đã tải xuống",
        "Edit": "Sửa",
        "Export CSV": "Xuất CSV",
        "Filter": "Lọc",
        "For timestamps which are timezone aware, they will be displayed in this timezone by default.": (  # noqa: E501
            "Các mốc thời gian có múi giờ sẽ được hiển thị theo múi giờ này."
        ),
        "Form submitted": "Đã gửi biểu mẫu",
        "Forms": "Biểu mẫu",
        "Hide Filters": "Ẩn bộ lọc",
        "Hide referencing tables": "Ẩn các bảng liên quan",
        "Home": "Trang chủ",
        "Hours": "Giờ",
        "Light Mode": "Giao diện sáng",
        "Links": "Liên kết",
        "Loading": "Đang tải",
        "Log Out": "Đăng xuất",
        "Login": "Đăng nhập",
        "MFA Code": "Mã xác thực hai lớp",
        "MFA Setup": "Cài đặt xác thực hai lớp",
        "Minutes": "Phút",
        "New password confirmation": "Nhập lại mật khẩu mới",
        "New password": "Mật khẩu mới",
        "New value": "Giá trị mới",
        "No results found": "Không có kết quả",
        "Note: Large data sets may take a while.": "Lưu ý: dữ liệu lớn có thể mất một lúc.",
        "Note: They are converted to UTC when stored in the database.": (
            "Lưu ý: thời gian được chuyển sang giờ UTC khi lưu vào cơ sở dữ liệu."
        ),
        "of": "trên",
        "page": "trang",
        "Password": "Mật khẩu",
        "result(s)": "kết quả",
        "rows": "dòng",
        "Save": "Lưu",
        "Seconds": "Giây",
        "Select a column to update": "Chọn trường cần cập nhật",
        "Select a Column": "Chọn một trường",
        "Select a table in the sidebar to get started.": (
            "Chọn một mục ở thanh bên trái để bắt đầu."
        ),
        "selected result(s) on": "kết quả được chọn trên",
        "Semicolon": "Dấu chấm phẩy",
        "Set Timezone": "Đặt múi giờ",
        "Show Filters": "Hiện bộ lọc",
        "Show referencing tables": "Hiện các bảng liên quan",
        "Showing": "Đang hiển thị",
        "Sort by": "Sắp xếp theo",
        "Sort": "Sắp xếp",
        "Submit": "Gửi",
        "Tables": "Danh mục",
        "Timezone": "Múi giờ",
        "Thanks for using Piccolo Admin.": "Cảm ơn bạn đã sử dụng hệ thống.",
        "Update": "Cập nhật",
        "Use again": "Dùng lại",
        "Username": "Tên đăng nhập",
        "Version": "Phiên bản",
        "Weeks": "Tuần",
        "Welcome to": "Chào mừng đến với",
        "with a matching": "khớp với",
    },
)

# Strings Piccolo Admin's bundle hard-codes in English, which admin.bundle routes
# through the page's `sangkienWord` (admin.display): same words, same place.
VIETNAMESE.translations.update(
    {
        "Error": "Lỗi",
        "The form has errors.": "Biểu mẫu có lỗi, chưa lưu được.",
        "Successfully added row": "Đã thêm bản ghi",
        "Successfully saved row": "Đã lưu bản ghi",
        "Successfully updated rows": "Đã cập nhật các bản ghi",
        "Successfully applied filter": "Đã áp dụng bộ lọc",
        "Successfully cleared filters": "Đã xoá bộ lọc",
        "Successfully deleted row": "Đã xoá bản ghi",
        "Successfully deleted rows": "Đã xoá các bản ghi",
        "Unable to delete the row.": "Không xoá được bản ghi.",
        "Unable to delete row": "Không xoá được bản ghi",
        "Invalid column name or value": "Tên trường hoặc giá trị không hợp lệ",
        "The server can't be reached - please try later.": (
            "Không kết nối được máy chủ, hãy thử lại sau."
        ),
        "Are you sure you want to delete the selected rows?": (
            "Bạn có chắc muốn xoá các bản ghi đã chọn?"
        ),
        "Are you sure you want to delete this row?": "Bạn có chắc muốn xoá bản ghi này?",
        "Are you sure you want to logout?": "Bạn có chắc muốn đăng xuất?",
        "Bulk Update": "Cập nhật hàng loạt",
        "Problem fetching rows.": "Không tải được danh sách, hãy thử lại.",
        "Please select at least one column.": "Hãy chọn ít nhất một trường.",
        "Page not found": "Không có trang này",
        "per page": "dòng mỗi trang",
        "Equals": "bằng",
        "Not Equal": "khác",
        "Less Than": "nhỏ hơn",
        "Less Than or Equal To": "nhỏ hơn hoặc bằng",
        "Greater Than or Equal To": "lớn hơn hoặc bằng",
        "Greater Than": "lớn hơn",
        "is": "là",
        "is not": "không là",
        "contains": "có chứa",
        "exact": "đúng bằng",
        "starts": "bắt đầu bằng",
        "ends": "kết thúc bằng",
        "All": "Tất cả",
        "Null": "(để trống)",
        "None": "(không chọn)",
        "True": "Có",
        "False": "Không",
        "Select a row from": "Chọn một bản ghi trong",
        "Type here to filter": "Gõ để tìm",
        "Load more": "Xem thêm",
        "Columns": "Các trường",
        "Toggle all": "Chọn / bỏ chọn tất cả",
        "Add sort column": "Thêm trường sắp xếp",
        "Set null:": "Để trống:",
        "Include readable": "Kèm tên dễ đọc",
        "There are more than {n} rows, are you sure you want to continue?": (
            "Có hơn {n} dòng, việc tải xuống sẽ lâu. Bạn vẫn muốn tiếp tục?"
        ),
        "dd/mm/yyyy": "ngày/tháng/năm",
        "Nothing found": "Không tìm thấy bản ghi nào khớp với chữ đã gõ.",
        "Changed password successfully.": ("Đã đổi mật khẩu. Hãy đăng nhập lại bằng mật khẩu mới."),
    }
)

TRANSLATIONS = [VIETNAMESE, ENGLISH]
