from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("agenda", "0003_room_exclusion_postgres")]

    operations = [
        migrations.AddField(
            model_name="room",
            name="for_bilaterals",
            field=models.BooleanField(
                default=False,
                help_text="The host assigns bilateral meetings to this room during the bilateral blocks.",
                verbose_name="for bilateral meetings",
            ),
        ),
    ]
