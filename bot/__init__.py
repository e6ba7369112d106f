"""coverage-bot's Telegram side: settings, handlers, rendering, the application and the offline console."""
