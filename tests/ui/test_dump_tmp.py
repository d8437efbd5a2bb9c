from waiting import settled, screen_text, until
from crisiswatch.ui.screens.item import ItemScreen
from crisiswatch.ui.screens.health import HealthScreen

async def test_dump(db_path, app_factory):
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("j","j","enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen) and bool(app.screen.views))
        print(screen_text(app))
        await pilot.press("escape", "g", "enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen) and bool(app.screen.views))
        print(screen_text(app))
        await pilot.press("escape", "tab", "l", "enter")
        await pilot.pause()
        print(screen_text(app))
        await pilot.press("escape", "f")
        await until(pilot, lambda: isinstance(app.screen, HealthScreen) and bool(app.screen.health))
        print(screen_text(app))
        await pilot.press("escape", "question_mark")
        print(screen_text(app))
