from celery import shared_task


@shared_task
def remove_expired_listings() -> int:
    """Beat job (daily): serious-list records whose period has ended are removed."""
    from workflows.listing.services import listings_expire

    return listings_expire()


@shared_task
def check_abnormal_three_years() -> dict:
    """Beat job (daily): the 60-day warning and the escalation at 3 years."""
    from workflows.listing.services.abnormal import abnormal_three_year_check

    return abnormal_three_year_check()
