{{ staging_from_file('iot_alert') }}
