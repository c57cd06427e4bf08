print("callreport")
