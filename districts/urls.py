app_name = "districts"

urlpatterns: list = []
