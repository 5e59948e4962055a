{{ staging_from_file('message_board') }}
