"""kehoach: theo dõi, đánh giá và báo cáo kết quả thực hiện kế hoạch của UBND xã."""

__version__ = "0.1.0"
