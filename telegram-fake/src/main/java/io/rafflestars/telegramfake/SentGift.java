package io.rafflestars.telegramfake;

/**
 * A gift or Premium subscription the bot bought for a user with its Stars.
 *
 * @param giftId the catalogue gift, or null for Premium
 * @param premiumMonths months of Premium, or null for a gift
 * @param stars what it cost the bot
 * @param text the message sent along, or null
 */
public record SentGift(long userId, String giftId, Integer premiumMonths, long stars, String text) {}
