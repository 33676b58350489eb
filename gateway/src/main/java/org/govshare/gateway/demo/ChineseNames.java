package org.govshare.gateway.demo;

import java.util.random.RandomGenerator;

/**
 * Realistic Chinese personal names: surnames weighted by their approximate share of the population, given-name
 * characters by sex and by the fashion of the decade of birth (建国 and 秀英 are older names than 子轩 and 梓涵).
 */
final class ChineseNames {
    /** The hundred commonest surnames, commonest first. */
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田"
            + "董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
            + "邵万钱严覃武戴莫孔向汤";
    /** Shares in tenths of a per mille for the surnames above; the ones past the list's end share the rest. */
    private static final int[] LEADING_SURNAME_WEIGHTS = {
        725, 719, 690, 540, 460, 310, 220, 200, 200, 190, 150, 140, 130, 120, 110, 110, 110, 100, 100, 90, 90, 90
    };

    private static final int OTHER_SURNAME_WEIGHT = 45;
    private static final int[] CUMULATIVE_SURNAME_WEIGHTS = cumulativeSurnameWeights();

    private static final String MALE_BEFORE_1970 = "国建志明华军德文伟平强林清永忠福海荣金生兵东庆春成祥宝山";
    private static final String MALE_1970_TO_1989 = "伟强磊军勇杰涛斌超明刚辉鹏华峰波鑫亮健俊宁浩飞龙锋洋建志";
    private static final String MALE_FROM_1990 = "宇浩轩子睿泽铭博昊晨俊豪航天一辰旭鹏凯翔然哲奕瑞嘉文梓";
    private static final String FEMALE_BEFORE_1970 = "秀英桂兰玉珍凤华芳淑丽琴梅红霞云萍素惠金翠";
    private static final String FEMALE_1970_TO_1989 = "丽静敏艳娟燕玲丹萍红芳娜霞婷洁琳雪慧莉倩晓";
    private static final String FEMALE_FROM_1990 = "欣怡佳梦雨涵诗悦琪颖璐雯婧晨萱思可馨妍彤梓";

    private ChineseNames() {}

    /** A full name, surname first, for someone of the given sex born in {@code birthYear}. */
    static String pick(RandomGenerator random, boolean male, int birthYear) {
        String characters;
        if (birthYear < 1970) {
            characters = male ? MALE_BEFORE_1970 : FEMALE_BEFORE_1970;
        } else if (birthYear < 1990) {
            characters = male ? MALE_1970_TO_1989 : FEMALE_1970_TO_1989;
        } else {
            characters = male ? MALE_FROM_1990 : FEMALE_FROM_1990;
        }
        StringBuilder name = new StringBuilder(3).append(surname(random));
        name.append(characters.charAt(random.nextInt(characters.length())));
        // Single-character given names were common until the 1980s and are rare now.
        double twoCharacterShare = birthYear < 1990 ? 0.65 : 0.85;
        if (random.nextDouble() < twoCharacterShare) {
            name.append(characters.charAt(random.nextInt(characters.length())));
        }
        return name.toString();
    }

    private static char surname(RandomGenerator random) {
        int ticket = random.nextInt(CUMULATIVE_SURNAME_WEIGHTS[CUMULATIVE_SURNAME_WEIGHTS.length - 1]);
        int low = 0;
        int high = CUMULATIVE_SURNAME_WEIGHTS.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (CUMULATIVE_SURNAME_WEIGHTS[middle] > ticket) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return SURNAMES.charAt(low);
    }

    private static int[] cumulativeSurnameWeights() {
        int[] cumulative = new int[SURNAMES.length()];
        int sum = 0;
        for (int index = 0; index < cumulative.length; index++) {
            sum += index < LEADING_SURNAME_WEIGHTS.length ? LEADING_SURNAME_WEIGHTS[index] : OTHER_SURNAME_WEIGHT;
            cumulative[index] = sum;
        }
        return cumulative;
    }
}
